-- +goose Up
-- reserve (0002) took one order's stock per statement; Reserve has used
-- reserve_batch (0003) since group commit, and nothing calls reserve any more.
-- The bench's hot-row floor runs 0002 again in its scratch database, after
-- this one (bench/internal/pgfloor).
DROP FUNCTION IF EXISTS reserve(bigint, bigint[], bigint[]);
