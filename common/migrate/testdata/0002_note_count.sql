-- +goose Up
-- A function: its body holds semicolons, so it is one statement for goose.
-- +goose StatementBegin
CREATE FUNCTION note_count() RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM notes;
    RETURN n;
END;
$$;
-- +goose StatementEnd
