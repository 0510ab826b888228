-- +goose Up
-- Group commit: reserve_batch and release_batch apply the Reserves (or the
-- Releases) of many orders in one statement, so in one short transaction that
-- takes each product's row lock once for the whole batch instead of once per
-- order. inventory-rpc sends a batch of the calls that arrived while its
-- previous batch was in flight (internal/model/batch.go); a lone call is a
-- batch of one. Each order is answered on its own: an order whose lines don't
-- fit is refused alone, and an order is reserved whole or not at all.
--
-- Lock order, the same in both functions and in reserve (0002): first the
-- orders' reservation rows, one by one in ascending order id, then the
-- products' rows in ascending product id. Every transaction that takes both
-- takes them in that one order, so none waits for another in a cycle.

-- claim_reservations claims the reservation rows of the orders p_order_ids
-- (distinct), one by one in ascending order id: it inserts a row with
-- p_status for an order that has none, or locks the row it has (a concurrent
-- Reserve or Release of the same order waits here). It returns, for each
-- order at its position, the status its row had, NULL when it had none.
-- +goose StatementBegin
CREATE FUNCTION claim_reservations(p_order_ids bigint[], p_status text)
RETURNS text[]
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    v_n       integer := coalesce(cardinality(p_order_ids), 0);
    v_claimed text[] := array_fill(NULL::text, ARRAY[v_n]);
    v_status  text;
    v_pos     integer;
BEGIN
    IF (SELECT count(DISTINCT o) FROM unnest(p_order_ids) o) <> v_n THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'claim_reservations: an order appears twice';
    END IF;
    FOR v_pos IN SELECT o.pos FROM unnest(p_order_ids) WITH ORDINALITY AS o(id, pos) ORDER BY o.id LOOP
        INSERT INTO public.reservations (order_id, status) VALUES (p_order_ids[v_pos], p_status)
            ON CONFLICT ON CONSTRAINT reservations_pkey DO NOTHING;
        IF NOT FOUND THEN
            SELECT r.status INTO STRICT v_status FROM public.reservations r
                WHERE r.order_id = p_order_ids[v_pos] FOR UPDATE;
            v_claimed[v_pos] := v_status;
        END IF;
    END LOOP;
    RETURN v_claimed;
END;
$$;
-- +goose StatementEnd

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
CREATE FUNCTION reserve_batch(p_order_ids bigint[], p_line_orders integer[], p_product_ids bigint[], p_quantities bigint[])
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

-- release_batch gives back the stock the orders p_order_ids (distinct)
-- reserved, once, and marks them released. One row per order:
--   outcome 'released'  it gave its stock back: one row per product of its
--                       lines, product_id naming it;
--   outcome 'before'    it was released before: nothing to give back;
--   outcome 'marked'    it never reserved: the RELEASED row left is the mark
--                       that refuses its late Reserve.
-- +goose StatementBegin
CREATE FUNCTION release_batch(p_order_ids bigint[])
RETURNS TABLE (order_id bigint, outcome text, product_id bigint)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    v_outcome text[];
    v_release bigint[];
BEGIN
    -- An order without a row gets the mark; one that had a row was
    -- released before, or gives its stock back now.
    SELECT coalesce(array_agg(CASE s WHEN 'RELEASED' THEN 'before' WHEN 'RESERVED' THEN 'released' ELSE 'marked' END ORDER BY i), '{}')
        INTO v_outcome
        FROM unnest(claim_reservations(p_order_ids, 'RELEASED')) WITH ORDINALITY AS c(s, i);
    SELECT coalesce(array_agg(p_order_ids[i]), '{}') INTO v_release
        FROM generate_subscripts(p_order_ids, 1) i WHERE v_outcome[i] = 'released';

    -- Lock the products in ascending id, then give each back the batch's total.
    PERFORM 1 FROM public.products p
        WHERE p.id IN (SELECT l.product_id FROM public.reservation_lines l WHERE l.order_id = ANY (v_release))
        ORDER BY p.id FOR UPDATE;
    UPDATE public.products p SET stock = p.stock + s.quantity, updated_at = now()
        FROM (SELECT l.product_id, sum(l.quantity) AS quantity FROM public.reservation_lines l
              WHERE l.order_id = ANY (v_release) GROUP BY l.product_id) s
        WHERE p.id = s.product_id;
    UPDATE public.reservations r SET status = 'RELEASED', updated_at = now()
        WHERE r.order_id = ANY (v_release);

    RETURN QUERY SELECT p_order_ids[i], v_outcome[i], l.product_id
        FROM generate_subscripts(p_order_ids, 1) i
        LEFT JOIN public.reservation_lines l ON l.order_id = p_order_ids[i] AND v_outcome[i] = 'released';
END;
$$;
-- +goose StatementEnd
