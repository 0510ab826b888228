-- The hot-row floor's reservation (make bench; bench/cmd/bench/floor.go makes
-- it in the floor's scratch inventory database): one order's stock taken in one
-- statement and its own transaction, with no client round trip while the
-- products' rows are locked: the way inventory-rpc reserved before group
-- commit (reserve_batch, inventory-rpc/migrations/0003_batch_functions.sql),
-- the best one statement per order can do. It records the reservation and
-- its lines, (p_product_ids[i], p_quantities[i]), and returns true when it
-- took the stock, false when the order had reserved before. Refusals raise
-- an error, so the statement rolls back: ZI001 no such product, ZI002 too
-- little stock, ZI003 the order was released. Products are locked in
-- ascending id order, so two orders sharing products never deadlock.
CREATE FUNCTION reserve(p_order_id bigint, p_product_ids bigint[], p_quantities bigint[])
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    v_status     text;
    v_product_id bigint;
    v_quantity   bigint;
BEGIN
    IF cardinality(p_product_ids) IS DISTINCT FROM cardinality(p_quantities) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'reserve: product ids and quantities differ in length';
    END IF;

    -- The reservation row, or, when the order has one already, a lock on it:
    -- a concurrent Reserve or Release of the same order waits here.
    INSERT INTO public.reservations (order_id, status) VALUES (p_order_id, 'RESERVED')
        ON CONFLICT (order_id) DO NOTHING;
    IF NOT FOUND THEN
        SELECT status INTO STRICT v_status FROM public.reservations
            WHERE order_id = p_order_id FOR UPDATE;
        IF v_status = 'RELEASED' THEN
            RAISE EXCEPTION USING ERRCODE = 'ZI003',
                MESSAGE = format('order %s was released', p_order_id);
        END IF;
        RETURN false; -- reserved before: it holds its stock already
    END IF;

    FOR v_product_id, v_quantity IN
        SELECT l.product_id, l.quantity FROM unnest(p_product_ids, p_quantities) AS l(product_id, quantity)
        ORDER BY l.product_id
    LOOP
        -- The conditional decrement, which also locks the product's row.
        UPDATE public.products SET stock = stock - v_quantity, updated_at = now()
            WHERE id = v_product_id AND stock >= v_quantity;
        IF NOT FOUND THEN
            IF EXISTS (SELECT 1 FROM public.products WHERE id = v_product_id) THEN
                RAISE EXCEPTION USING ERRCODE = 'ZI002',
                    MESSAGE = format('not enough stock of product %s', v_product_id),
                    DETAIL = v_product_id::text;
            END IF;
            RAISE EXCEPTION USING ERRCODE = 'ZI001',
                MESSAGE = format('product %s not found', v_product_id),
                DETAIL = v_product_id::text;
        END IF;
    END LOOP;

    INSERT INTO public.reservation_lines (order_id, product_id, quantity)
        SELECT p_order_id, l.product_id, l.quantity FROM unnest(p_product_ids, p_quantities) AS l(product_id, quantity);
    RETURN true;
END;
$$;
