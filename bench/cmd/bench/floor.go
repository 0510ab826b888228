package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/bench/internal/pgfloor"
	"github.com/zsuite/testkit/stack"
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
		svc, err := e.service(db.svc)
		if err != nil {
			w.drop()
			return nil, err
		}
		dsn, drop, err := stack.CreateDatabase(ctx, svc, name)
		if err != nil {
			w.drop()
			return nil, err
		}
		w.drops = append(w.drops, func() {
			if err := drop(); err != nil {
				logf("%v", err)
			}
		})
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
	defer conn.Close(context.WithoutCancel(ctx))
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
