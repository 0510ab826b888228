-- +goose Up
CREATE TABLE notes (
    id bigserial PRIMARY KEY,
    body text NOT NULL
);
CREATE INDEX notes_body ON notes (body);
