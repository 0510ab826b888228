-- +goose Up
-- Orders and their lines. An order is recorded PENDING before any stock is
-- touched; (user_id, idempotency_key) makes a retried request find it again.
CREATE TABLE orders (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL,
    idempotency_key text        NOT NULL,
    -- Hash of the requested items, to tell a retry from a reused key.
    request_hash    text        NOT NULL,
    status          text        NOT NULL,
    total_cents     bigint      NOT NULL,
    -- Why a REJECTED order was refused: an error code such as OUT_OF_STOCK.
    reject_code     text        NOT NULL DEFAULT '',
    -- The recovery loop's schedule for an order left PENDING or CANCELLING.
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_idempotency_unique UNIQUE (user_id, idempotency_key),
    CONSTRAINT orders_status_known CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLING', 'CANCELLED')),
    CONSTRAINT orders_total_not_negative CHECK (total_cents >= 0)
);
CREATE INDEX orders_by_user ON orders (user_id, id DESC);
CREATE INDEX orders_unsettled ON orders (next_attempt_at) WHERE status IN ('PENDING', 'CANCELLING');

CREATE TABLE order_lines (
    id          bigserial PRIMARY KEY,
    order_id    bigint    NOT NULL REFERENCES orders (id),
    product_id  bigint    NOT NULL,
    name        text      NOT NULL,
    price_cents bigint    NOT NULL,
    quantity    bigint    NOT NULL,
    CONSTRAINT order_lines_one_per_product UNIQUE (order_id, product_id),
    CONSTRAINT order_lines_quantity_positive CHECK (quantity > 0)
);
