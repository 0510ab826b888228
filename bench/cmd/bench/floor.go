package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/bench/internal/pgfloor"
	"github.com/zsuite/bench/internal/report"
)

// writeFloorDBs are the write floor's scratch databases: one on the order
// Postgres and one on the inventory Postgres, migrated from the services' own
// migrations, with a catalogue like the suite's.
type writeFloorDBs struct {
	pgbench          string
	orderDSN, invDSN string
	hot              int64
	drops            []func()
}

func (w *writeFloorDBs) drop() {
	for _, d := range w.drops {
		d()
	}
}

func (e *env) prepareWriteFloor(ctx context.Context, run string) (*writeFloorDBs, error) {
	t := time.Now()
	bin, err := pgfloor.Pgbench()
	if err != nil {
		return nil, err
	}
	w := &writeFloorDBs{pgbench: bin}
	for _, db := range []struct{ pg, svc string }{{"ORDER", "order-rpc"}, {"INVENTORY", "inventory-rpc"}} {
		name := "bench_floor_" + map[string]string{"ORDER": "order", "INVENTORY": "inventory"}[db.pg] + "_" + run
		dsn, drop, err := e.ports.CreateDatabase(ctx, db.pg, name)
		if err != nil {
			w.drop()
			return nil, err
		}
		w.drops = append(w.drops, drop)
		cmd := exec.CommandContext(ctx, filepath.Join(e.binDir, "migrate"), "-dsn", dsn, "-dir", filepath.Join(e.root, db.svc, "migrations"))
		if out, err := cmd.CombinedOutput(); err != nil {
			w.drop()
			return nil, fmt.Errorf("migrate %s: %v\n%s", name, err, out)
		}
		if db.pg == "ORDER" {
			w.orderDSN = dsn
		} else {
			w.invDSN = dsn
		}
	}
	conn, err := pgx.Connect(ctx, w.invDSN)
	if err != nil {
		w.drop()
		return nil, err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `insert into products (name, description, price_cents, stock)
		select format('Bench product %s', lpad(i::text, 4, '0')), 'benchmark product', 100 + i, $1
		from generate_series(0, $2 - 1) i`, e.o.productStock, e.o.products); err != nil {
		w.drop()
		return nil, fmt.Errorf("seed the write floor's products: %w", err)
	}
	if err := conn.QueryRow(ctx, `insert into products (name, description, price_cents, stock)
		values ('Bench hot product', 'benchmark product', 999, $1) returning id`, e.o.hotStock).Scan(&w.hot); err != nil {
		w.drop()
		return nil, fmt.Errorf("seed the write floor's hot product: %w", err)
	}
	logf("prepared the write floor's databases in %.1fs (pgbench: %s)", time.Since(t).Seconds(), bin)
	return w, nil
}

// writeFloor runs the saga's SQL with pgbench on both databases at once:
// warm-up, then closed loops of clients clients for the measured duration,
// then open loops at openRate orders per second.
func (e *env) writeFloor(ctx context.Context, w *writeFloorDBs, hot bool, clients, openRate int) (*report.WriteFloor, []report.Usage, error) {
	lo, hi := int64(1), int64(e.o.products)
	if hot {
		lo, hi = w.hot, w.hot
	}
	vars := map[string]string{"users": strconv.Itoa(e.o.users), "pidlo": strconv.FormatInt(lo, 10), "pidhi": strconv.FormatInt(hi, 10)}
	pair := func(rate float64, d time.Duration) (report.Pgbench, report.Pgbench, error) {
		d = max(d, time.Second)
		var waits []func() (report.Pgbench, error)
		for _, db := range []struct{ script, dsn string }{{"order", w.orderDSN}, {"inventory", w.invDSN}} {
			wait, err := pgfloor.Run{Bin: w.pgbench, Dir: e.tmp, DSN: db.dsn, Script: db.script, Vars: vars,
				Clients: clients, Rate: rate, Duration: d}.Start(ctx)
			if err != nil {
				return report.Pgbench{}, report.Pgbench{}, err
			}
			waits = append(waits, wait)
		}
		o, oerr := waits[0]()
		i, ierr := waits[1]()
		if oerr != nil {
			return o, i, oerr
		}
		return o, i, ierr
	}
	if _, _, err := pair(0, e.o.warmup); err != nil {
		return nil, nil, err
	}
	var meters []meter
	for _, pg := range []struct{ svc, name string }{{"ORDER", "postgres (orders)"}, {"INVENTORY", "postgres (inventory)"}} {
		if m, ok := e.postgresMeter(ctx, pg.svc, pg.name); ok {
			meters = append(meters, m)
		}
	}
	meters = append(meters, childrenMeter("load generator (pgbench)"))
	before, err := readMeters(meters)
	if err != nil {
		return nil, nil, err
	}
	o, i, err := pair(0, e.o.measure)
	if err != nil {
		return nil, nil, err
	}
	after, err := readMeters(meters)
	if err != nil {
		return nil, nil, err
	}
	// Per order: each database's work of one order is one of its script's
	// transactions; pgbench is counted over the orders both finished.
	used := usage(meters, before, after, int(min(o.Transactions, i.Transactions)))
	for k := range used {
		switch used[k].Process {
		case "postgres (orders)":
			used[k].Requests = int(o.Transactions)
		case "postgres (inventory)":
			used[k].Requests = int(i.Transactions)
		}
	}
	wf := &report.WriteFloor{Clients: clients, Order: o, Inventory: i}
	logf("  pgbench -c %d: order DB %.0f tps, inventory DB %.0f tps", clients, o.TPS, i.TPS)
	if openRate > 0 {
		oo, oi, err := pair(float64(openRate), e.o.open)
		if err != nil {
			return nil, nil, err
		}
		wf.OpenOrder, wf.OpenInventory = &oo, &oi
		logf("  pgbench -R %d: order DB p99 %.2f ms, inventory DB p99 %.2f ms", openRate, oo.Latency.P99, oi.Latency.P99)
	}
	return wf, used, nil
}
