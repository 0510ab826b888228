-- What order-rpc does in its own database for one order (CreateOrder and
-- saga.Settle), one order per statement: the order and its line recorded in
-- one statement, the PENDING -> CONFIRMED transition. order-rpc itself applies
-- both by group commit (internal/model/batch.go: the orders and transitions
-- that arrive while a statement is in flight go in the next one, which
-- `go run ./cmd/bench -capture-sql` shows with arrays of one); the floor
-- keeps one order per statement on purpose: it is the limit of the design
-- group commit replaces. Lines are passed as arrays; pgbench variables are
-- scalars, so the arrays are built from them (array[:pid]) in the query.
\set uid random(1, :users)
\set key random(1, 1000000000000000000)
\set pid random(:pidlo, :pidhi)
\set qty 1
\set price 100
with o as (insert into "public"."orders" (user_id, idempotency_key, request_hash, status, total_cents, next_attempt_at) values (:uid, :key, 'ed9818ba88c776f9c50fa93f14e75d7183c17d89b85ffa2c56edb21864cebf14', 'PENDING', :price, now() + interval '5 seconds') returning id,user_id,idempotency_key,request_hash,status,total_cents,reject_code,attempts,next_attempt_at,created_at,updated_at), l as (insert into "public"."order_lines" (order_id, product_id, name, price_cents, quantity) select o.id, x.product_id, x.name, x.price_cents, x.quantity from o, unnest(array[:pid]::bigint[], array['Bench product 0000']::text[], array[:price]::bigint[], array[:qty]::bigint[]) as x(product_id, name, price_cents, quantity)) select id,user_id,idempotency_key,request_hash,status,total_cents,reject_code,attempts,next_attempt_at,created_at,updated_at from o \gset
update "public"."orders" set status = 'CONFIRMED', reject_code = '', updated_at = now() where id = :id and status = 'PENDING';
