package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/zsuite/bench/internal/load"
	"github.com/zsuite/bench/internal/report"
	"github.com/zsuite/bench/internal/suite"
)

// hotLedger checks, once every order has settled, that the hot product's
// stock went down by exactly the units CONFIRMED orders hold, which is
// exactly what inventory holds for them, and exactly the orders the harness
// saw answered 200.
func (e *env) hotLedger(ctx context.Context, s *suite.Suite, d *data, answered int64) report.Check {
	c := report.Check{Name: report.HotLedgerCheck}
	stock, reserved, confirmed, err := ledger(ctx, s, d.hot.ID)
	if err != nil {
		c.Detail = err.Error()
		return c
	}
	taken := d.hot.Stock - stock
	c.OK = taken == reserved && reserved == confirmed && confirmed == answered
	c.Detail = fmt.Sprintf("stock %d → %d: %d units taken; inventory holds %d for live orders; %d units in CONFIRMED orders; %d orders answered 200",
		d.hot.Stock, stock, taken, reserved, confirmed, answered)
	return c
}

// ledger waits until no order is PENDING or CANCELLING, then reads product's
// stock, how much inventory holds for its live reservations, and how many
// units of it CONFIRMED orders hold.
func ledger(ctx context.Context, s *suite.Suite, product int64) (stock, reserved, confirmed int64, err error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	ord, err := pgx.Connect(ctx, s.DSN["order-rpc"])
	if err != nil {
		return 0, 0, 0, err
	}
	defer ord.Close(context.WithoutCancel(ctx))
	inv, err := pgx.Connect(ctx, s.DSN["inventory-rpc"])
	if err != nil {
		return 0, 0, 0, err
	}
	defer inv.Close(context.WithoutCancel(ctx))
	for {
		var n int64
		if err := ord.QueryRow(ctx, `select count(*) from orders where status in ('PENDING', 'CANCELLING')`).Scan(&n); err != nil {
			return 0, 0, 0, err
		}
		if n == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return 0, 0, 0, fmt.Errorf("%d orders still unsettled: %w", n, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	if err := inv.QueryRow(ctx, `select stock from products where id = $1`, product).Scan(&stock); err != nil {
		return 0, 0, 0, err
	}
	if err := inv.QueryRow(ctx, `select coalesce(sum(l.quantity), 0) from reservation_lines l
		join reservations r on r.order_id = l.order_id where r.status = 'RESERVED' and l.product_id = $1`, product).Scan(&reserved); err != nil {
		return 0, 0, 0, err
	}
	if err := ord.QueryRow(ctx, `select coalesce(sum(l.quantity), 0) from order_lines l
		join orders o on o.id = l.order_id where o.status = 'CONFIRMED' and l.product_id = $1`, product).Scan(&confirmed); err != nil {
		return 0, 0, 0, err
	}
	return stock, reserved, confirmed, nil
}

// sellOut orders more units of a small product than it has, all at once,
// and checks that exactly its stock is confirmed and the rest refused with
// OUT_OF_STOCK.
func (e *env) sellOut(ctx context.Context, s *suite.Suite, d *data, tg *targets) report.Check {
	const stock, orders, workers = 100, 160, 32
	c := report.Check{Name: report.SellOutCheck}
	p, err := s.NewClient().CreateProduct(ctx, d.admin, "Bench sell-out", 500, stock)
	if err != nil {
		c.Detail = err.Error()
		return c
	}
	outOfStock := func(r *vegeta.Result) bool {
		return r.Code == http.StatusConflict && bytes.Contains(r.Body, []byte(`"OUT_OF_STOCK"`))
	}
	a := load.Attack{
		Targeter: tg.orderOf(s.BaseURL, func() int64 { return p.ID }, orders),
		Expect:   func(r *vegeta.Result) bool { return load.OK200(r) || outOfStock(r) },
	}
	r := a.Closed(workers, time.Minute)
	left, reserved, confirmed, err := ledger(ctx, s, p.ID)
	if err != nil {
		c.Detail = err.Error()
		return c
	}
	ok200, refused := r.Codes[http.StatusOK], r.Codes[http.StatusConflict]
	c.OK = r.Requests == orders && r.Errors == 0 && ok200 == stock && refused == orders-stock &&
		left == 0 && reserved == stock && confirmed == stock
	c.Detail = fmt.Sprintf("%d orders of 1 unit, %d at once, for a stock of %d: %d confirmed, %d OUT_OF_STOCK, %d other; stock left %d, reserved %d, in CONFIRMED orders %d",
		r.Requests, workers, stock, ok200, refused, r.Errors, left, reserved, confirmed)
	return c
}

func numCPU() int { return runtime.NumCPU() }

func goVersion() string {
	if v := command("go", "env", "GOVERSION"); v != "" {
		return v
	}
	return runtime.Version()
}

// command runs a command and returns its trimmed output, "" on failure.
func command(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// query returns the one value of a query on service's Postgres.
func (e *env) query(ctx context.Context, service, sql string) string {
	dsn, err := e.dsn(service, "postgres")
	if err != nil {
		return ""
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return ""
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var v string
	if err := conn.QueryRow(ctx, sql).Scan(&v); err != nil {
		return ""
	}
	return v
}
