-- +goose Up
-- A refused Reserve fences the order, as a Release does. reserve_batch used to
-- delete the reservation row of an order it refused (out of stock, unknown
-- product), so nothing remembered the refusal: a second Reserve of the same
-- order - a client's retry or the recovery loop, racing the actor that got
-- the refusal and rejected the order - could reserve it after a restock or a
-- cancel, and the units stayed reserved for a REJECTED order (found by
-- make chaos). The first outcome of an order's Reserve is now its only one:
-- reserved, or refused for good.

-- reserve_batch reserves stock for the orders p_order_ids (distinct). Line i
-- belongs to the order p_order_ids[p_line_orders[i]] (a 1-based position) and
-- asks for p_quantities[i] of product p_product_ids[i]. Orders are served in
-- the order they are given, each against the stock the orders before it left.
-- One row per order, in no particular order:
--   outcome 'reserved'      it took the stock of every line;
--   outcome 'before'        it had reserved before: nothing is taken twice;
--   outcome 'released'      it was released before: refused (a late Reserve);
--   outcome 'not_found'     product_id names no product: refused;
--   outcome 'out_of_stock'  product_id has too little stock: refused.
-- A product refusal names the first failing line of the order in product id
-- order. A refused order takes no stock, and its reservation row is kept as
-- RELEASED: the refusal decided the order's fate (the saga rejects it), so a
-- later Reserve of it is refused ('released') like one after a Release,
-- whatever the stock is by then.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION reserve_batch(p_order_ids bigint[], p_line_orders integer[], p_product_ids bigint[], p_quantities bigint[])
RETURNS TABLE (order_id bigint, outcome text, product_id bigint)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    v_n          integer := coalesce(cardinality(p_order_ids), 0);
    v_outcome    text[];
    v_failed     bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    v_ids        bigint[]; -- the products the new orders name, ascending
    v_stock      bigint[]; -- their stock, as the orders served so far left it
    v_before     bigint[]; -- their stock when locked
    v_try        bigint[]; -- v_stock while the current order is tried
    v_cur        integer := 0; -- the position of the order being tried
    v_line_pos   integer;
    v_product_id bigint;
    v_quantity   bigint;
    v_at         integer;
BEGIN
    IF cardinality(p_line_orders) IS DISTINCT FROM cardinality(p_product_ids)
        OR cardinality(p_line_orders) IS DISTINCT FROM cardinality(p_quantities) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'reserve_batch: line orders, product ids and quantities differ in length';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_line_orders) p WHERE p IS NULL OR p NOT BETWEEN 1 AND v_n)
        OR (SELECT count(DISTINCT p) FROM unnest(p_line_orders) p) <> v_n THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'reserve_batch: every line must name an order of the batch, and every order have a line';
    END IF;

    -- An order that had a row was reserved or released before.
    SELECT coalesce(array_agg(CASE s WHEN 'RELEASED' THEN 'released' WHEN 'RESERVED' THEN 'before' END ORDER BY i), '{}')
        INTO v_outcome
        FROM unnest(claim_reservations(p_order_ids, 'RESERVED')) WITH ORDINALITY AS c(s, i);

    -- Lock the products the new orders name, once each, in ascending id.
    SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}'), coalesce(array_agg(p.stock ORDER BY p.id), '{}')
        INTO v_ids, v_stock
        FROM (SELECT pr.id, pr.stock FROM public.products pr
              WHERE pr.id IN (SELECT l.product_id FROM unnest(p_line_orders, p_product_ids) AS l(pos, product_id)
                              WHERE v_outcome[l.pos] IS NULL)
              ORDER BY pr.id FOR UPDATE) p;
    v_before := v_stock;

    -- Try the new orders one after the other, each line in product id order:
    -- an order's lines come off v_try, which becomes the stock only when
    -- every line of the order fitted.
    FOR v_line_pos, v_product_id, v_quantity IN
        SELECT l.pos, l.product_id, l.quantity
        FROM unnest(p_line_orders, p_product_ids, p_quantities) AS l(pos, product_id, quantity)
        WHERE v_outcome[l.pos] IS NULL
        ORDER BY l.pos, l.product_id
    LOOP
        IF v_line_pos <> v_cur THEN
            IF v_cur > 0 AND v_outcome[v_cur] IS NULL THEN
                v_outcome[v_cur] := 'reserved';
                v_stock := v_try;
            END IF;
            v_cur := v_line_pos;
            v_try := v_stock;
        END IF;
        CONTINUE WHEN v_outcome[v_cur] IS NOT NULL; -- refused at an earlier line
        v_at := array_position(v_ids, v_product_id);
        IF v_at IS NULL THEN
            v_outcome[v_cur] := 'not_found';
            v_failed[v_cur] := v_product_id;
        ELSIF v_try[v_at] < v_quantity THEN
            v_outcome[v_cur] := 'out_of_stock';
            v_failed[v_cur] := v_product_id;
        ELSE
            v_try[v_at] := v_try[v_at] - v_quantity;
        END IF;
    END LOOP;
    IF v_cur > 0 AND v_outcome[v_cur] IS NULL THEN
        v_outcome[v_cur] := 'reserved';
        v_stock := v_try;
    END IF;

    -- Apply: one decrement per product by the batch's total, the lines of the
    -- reserved orders, and no trace of the refused ones.
    UPDATE public.products p SET stock = s.stock, updated_at = now()
        FROM unnest(v_ids, v_stock, v_before) AS s(id, stock, before)
        WHERE p.id = s.id AND s.stock <> s.before;
    INSERT INTO public.reservation_lines (order_id, product_id, quantity)
        SELECT p_order_ids[l.pos], l.product_id, l.quantity
        FROM unnest(p_line_orders, p_product_ids, p_quantities) AS l(pos, product_id, quantity)
        WHERE v_outcome[l.pos] = 'reserved';
    UPDATE public.reservations r SET status = 'RELEASED', updated_at = now()
        WHERE r.order_id IN (SELECT p_order_ids[i] FROM generate_subscripts(p_order_ids, 1) i
                             WHERE v_outcome[i] IN ('not_found', 'out_of_stock'));

    RETURN QUERY SELECT p_order_ids[i], v_outcome[i], v_failed[i] FROM generate_subscripts(p_order_ids, 1) i;
END;
$$;
-- +goose StatementEnd


-- +goose Down
-- reserve_batch reserves stock for the orders p_order_ids (distinct). Line i
-- belongs to the order p_order_ids[p_line_orders[i]] (a 1-based position) and
-- asks for p_quantities[i] of product p_product_ids[i]. Orders are served in
-- the order they are given, each against the stock the orders before it left.
-- One row per order, in no particular order:
--   outcome 'reserved'      it took the stock of every line;
--   outcome 'before'        it had reserved before: nothing is taken twice;
--   outcome 'released'      it was released before: refused (a late Reserve);
--   outcome 'not_found'     product_id names no product: refused;
--   outcome 'out_of_stock'  product_id has too little stock: refused.
-- A product refusal names the first failing line of the order in product id
-- order. A refused order changes nothing: the reservation row this call
-- inserted to claim it is deleted again before the statement ends.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION reserve_batch(p_order_ids bigint[], p_line_orders integer[], p_product_ids bigint[], p_quantities bigint[])
RETURNS TABLE (order_id bigint, outcome text, product_id bigint)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    v_n          integer := coalesce(cardinality(p_order_ids), 0);
    v_outcome    text[];
    v_failed     bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
    v_ids        bigint[]; -- the products the new orders name, ascending
    v_stock      bigint[]; -- their stock, as the orders served so far left it
    v_before     bigint[]; -- their stock when locked
    v_try        bigint[]; -- v_stock while the current order is tried
    v_cur        integer := 0; -- the position of the order being tried
    v_line_pos   integer;
    v_product_id bigint;
    v_quantity   bigint;
    v_at         integer;
BEGIN
    IF cardinality(p_line_orders) IS DISTINCT FROM cardinality(p_product_ids)
        OR cardinality(p_line_orders) IS DISTINCT FROM cardinality(p_quantities) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'reserve_batch: line orders, product ids and quantities differ in length';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_line_orders) p WHERE p IS NULL OR p NOT BETWEEN 1 AND v_n)
        OR (SELECT count(DISTINCT p) FROM unnest(p_line_orders) p) <> v_n THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'reserve_batch: every line must name an order of the batch, and every order have a line';
    END IF;

    -- An order that had a row was reserved or released before.
    SELECT coalesce(array_agg(CASE s WHEN 'RELEASED' THEN 'released' WHEN 'RESERVED' THEN 'before' END ORDER BY i), '{}')
        INTO v_outcome
        FROM unnest(claim_reservations(p_order_ids, 'RESERVED')) WITH ORDINALITY AS c(s, i);

    -- Lock the products the new orders name, once each, in ascending id.
    SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}'), coalesce(array_agg(p.stock ORDER BY p.id), '{}')
        INTO v_ids, v_stock
        FROM (SELECT pr.id, pr.stock FROM public.products pr
              WHERE pr.id IN (SELECT l.product_id FROM unnest(p_line_orders, p_product_ids) AS l(pos, product_id)
                              WHERE v_outcome[l.pos] IS NULL)
              ORDER BY pr.id FOR UPDATE) p;
    v_before := v_stock;

    -- Try the new orders one after the other, each line in product id order:
    -- an order's lines come off v_try, which becomes the stock only when
    -- every line of the order fitted.
    FOR v_line_pos, v_product_id, v_quantity IN
        SELECT l.pos, l.product_id, l.quantity
        FROM unnest(p_line_orders, p_product_ids, p_quantities) AS l(pos, product_id, quantity)
        WHERE v_outcome[l.pos] IS NULL
        ORDER BY l.pos, l.product_id
    LOOP
        IF v_line_pos <> v_cur THEN
            IF v_cur > 0 AND v_outcome[v_cur] IS NULL THEN
                v_outcome[v_cur] := 'reserved';
                v_stock := v_try;
            END IF;
            v_cur := v_line_pos;
            v_try := v_stock;
        END IF;
        CONTINUE WHEN v_outcome[v_cur] IS NOT NULL; -- refused at an earlier line
        v_at := array_position(v_ids, v_product_id);
        IF v_at IS NULL THEN
            v_outcome[v_cur] := 'not_found';
            v_failed[v_cur] := v_product_id;
        ELSIF v_try[v_at] < v_quantity THEN
            v_outcome[v_cur] := 'out_of_stock';
            v_failed[v_cur] := v_product_id;
        ELSE
            v_try[v_at] := v_try[v_at] - v_quantity;
        END IF;
    END LOOP;
    IF v_cur > 0 AND v_outcome[v_cur] IS NULL THEN
        v_outcome[v_cur] := 'reserved';
        v_stock := v_try;
    END IF;

    -- Apply: one decrement per product by the batch's total, the lines of the
    -- reserved orders, and no trace of the refused ones.
    UPDATE public.products p SET stock = s.stock, updated_at = now()
        FROM unnest(v_ids, v_stock, v_before) AS s(id, stock, before)
        WHERE p.id = s.id AND s.stock <> s.before;
    INSERT INTO public.reservation_lines (order_id, product_id, quantity)
        SELECT p_order_ids[l.pos], l.product_id, l.quantity
        FROM unnest(p_line_orders, p_product_ids, p_quantities) AS l(pos, product_id, quantity)
        WHERE v_outcome[l.pos] = 'reserved';
    DELETE FROM public.reservations r
        WHERE r.order_id IN (SELECT p_order_ids[i] FROM generate_subscripts(p_order_ids, 1) i
                             WHERE v_outcome[i] IN ('not_found', 'out_of_stock'));

    RETURN QUERY SELECT p_order_ids[i], v_outcome[i], v_failed[i] FROM generate_subscripts(p_order_ids, 1) i;
END;
$$;
-- +goose StatementEnd

