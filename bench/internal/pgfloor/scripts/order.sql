-- What order-rpc does in its own database for one order (CreateOrder and
-- saga.Settle), statement by statement as `go run ./cmd/bench -capture-sql`
-- shows them: the idempotency lookup (a cache miss), the order and its line
-- in one transaction, the PENDING -> CONFIRMED transition, and the reload of
-- the order (its cache entry was just dropped).
\set uid random(1, :users)
\set key random(1, 1000000000000000000)
\set pid random(:pidlo, :pidhi)
\set qty 1
\set price 100
select id,user_id,idempotency_key,request_hash,status,total_cents,reject_code,attempts,next_attempt_at,created_at,updated_at from "public"."orders" where user_id = :uid and idempotency_key = :key limit 1;
begin;
insert into "public"."orders" (user_id, idempotency_key, request_hash, status, total_cents, next_attempt_at) values (:uid, :key, 'ed9818ba88c776f9c50fa93f14e75d7183c17d89b85ffa2c56edb21864cebf14', 'PENDING', :price, now() + interval '5 seconds') returning id,user_id,idempotency_key,request_hash,status,total_cents,reject_code,attempts,next_attempt_at,created_at,updated_at \gset
insert into "public"."order_lines" (order_id, product_id, name, price_cents, quantity) values (:id, :pid, 'Bench product 0000', :price, :qty);
commit;
update "public"."orders" set status = 'CONFIRMED', reject_code = '', updated_at = now() where id = :id and status = 'PENDING';
select id,user_id,idempotency_key,request_hash,status,total_cents,reject_code,attempts,next_attempt_at,created_at,updated_at from "public"."orders" where id = :id limit 1;
