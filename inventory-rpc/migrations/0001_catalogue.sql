-- +goose Up
-- The catalogue and its stock. stock is what can be ordered now; units held
-- by live orders are in reservation_lines.
CREATE TABLE products (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    price_cents bigint      NOT NULL,
    stock       bigint      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT products_price_not_negative CHECK (price_cents >= 0),
    CONSTRAINT products_stock_not_negative CHECK (stock >= 0)
);

-- One row per order that reserved stock or was released. status RELEASED with
-- no lines is the mark a Release leaves when it comes before its Reserve.
CREATE TABLE reservations (
    order_id   bigint      PRIMARY KEY,
    status     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reservations_status_known CHECK (status IN ('RESERVED', 'RELEASED'))
);

CREATE TABLE reservation_lines (
    id         bigserial PRIMARY KEY,
    order_id   bigint    NOT NULL REFERENCES reservations (order_id),
    product_id bigint    NOT NULL REFERENCES products (id),
    quantity   bigint    NOT NULL,
    CONSTRAINT reservation_lines_one_per_product UNIQUE (order_id, product_id),
    CONSTRAINT reservation_lines_quantity_positive CHECK (quantity > 0)
);
CREATE INDEX reservation_lines_product ON reservation_lines (product_id);
