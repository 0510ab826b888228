-- +goose Up
-- Users and their credentials. Usernames are unique case-insensitively:
-- username keeps the spelling the user chose, username_key is its lower case.
CREATE TABLE users (
    id            bigserial   PRIMARY KEY,
    username      text        NOT NULL,
    username_key  text        NOT NULL,
    email         text        NOT NULL DEFAULT '',
    password_hash text        NOT NULL,
    role          text        NOT NULL DEFAULT 'customer',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_key_unique UNIQUE (username_key),
    CONSTRAINT users_username_key_lower CHECK (username_key = lower(username)),
    CONSTRAINT users_role_known CHECK (role IN ('customer', 'admin'))
);
