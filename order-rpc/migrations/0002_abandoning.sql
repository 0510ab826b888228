-- +goose Up
-- ABANDONING: an order pending too long whose fate (REJECTED) is recorded
-- before its stock is released, as CANCELLING is for a cancel. The recovery
-- loop finishes it, so the partial index of unsettled orders holds it too.
ALTER TABLE orders DROP CONSTRAINT orders_status_known,
    ADD CONSTRAINT orders_status_known CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLING', 'CANCELLED', 'ABANDONING'));
DROP INDEX orders_unsettled;
CREATE INDEX orders_unsettled ON orders (next_attempt_at) WHERE status IN ('PENDING', 'ABANDONING', 'CANCELLING');

-- +goose Down
-- An order still ABANDONING goes back to PENDING: the recovery loop abandons
-- it again (its Release is idempotent).
UPDATE orders SET status = 'PENDING' WHERE status = 'ABANDONING';
ALTER TABLE orders DROP CONSTRAINT orders_status_known,
    ADD CONSTRAINT orders_status_known CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLING', 'CANCELLED'));
DROP INDEX orders_unsettled;
CREATE INDEX orders_unsettled ON orders (next_attempt_at) WHERE status IN ('PENDING', 'CANCELLING');
