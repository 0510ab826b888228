-- +goose Up
-- reserve (0002) took one order's stock per statement; Reserve has used
-- reserve_batch (0003) since group commit, and nothing calls reserve any more.
-- The bench's hot-row floor makes its own copy in its scratch database
-- (bench/internal/pgfloor/scripts/reserve_function.sql).
DROP FUNCTION IF EXISTS reserve(bigint, bigint[], bigint[]);
