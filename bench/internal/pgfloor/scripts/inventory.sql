-- What inventory-rpc does in its own database for one order, one statement
-- per order: the reserve function (inventory-rpc's migration 0002, which the
-- bench runs in the floor's database after 0005 dropped it), which inserts the reservation row keyed by
-- the order id, takes the stock with a conditional decrement and records the
-- reservation line, in the statement's own transaction. (inventory-rpc itself
-- reserves many orders per statement: reserve_batch.) Nothing else: order-rpc
-- keeps product names and prices in process, so an order no longer reads the
-- product (GetProducts).
-- The saga passes the lines as arrays; pgbench variables are scalars, so the
-- arrays are built from them (array[:pid]), which Postgres does in the query.
\set oid random(1, 1000000000000000000)
\set pid random(:pidlo, :pidhi)
\set qty 1
select reserve(:oid, array[:pid]::bigint[], array[:qty]::bigint[]);
