-- What inventory-rpc does in its own database for one order, statement by
-- statement as `go run ./cmd/bench -capture-sql` shows them: GetProducts
-- reads the product (its cache entry was dropped by the last Reserve of it),
-- then Reserve in one transaction: the reservation row keyed by the order id,
-- the conditional decrement, the reservation line.
\set oid random(1, 1000000000000000000)
\set pid random(:pidlo, :pidhi)
\set qty 1
select id,name,description,price_cents,stock,created_at,updated_at from "public"."products" where id = :pid limit 1;
begin;
insert into "public"."reservations" (order_id, status) values (:oid, 'RESERVED') on conflict (order_id) do nothing returning order_id;
update "public"."products" set stock = stock - :qty, updated_at = now() where id = :pid and stock >= :qty;
insert into "public"."reservation_lines" (order_id, product_id, quantity) values (:oid, :pid, :qty);
commit;
