package main

import (
	"context"
	"errors"
	"fmt"
	"os"
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
	for _, db := range []struct{ short, svc string }{{"order", "order-rpc"}, {"inventory", "inventory-rpc"}} {
		name := "bench_floor_" + db.short + "_" + run
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
		if db.svc == "order-rpc" {
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
	reserve, err := os.ReadFile(filepath.Join(e.root, pgfloor.ReserveFunction))
	if err != nil {
		w.drop()
		return nil, err
	}
	if _, err := conn.Exec(ctx, string(reserve)); err != nil {
		w.drop()
		return nil, fmt.Errorf("make the write floor's reserve function: %w", err)
	}
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

// servicePool is the most connections a service's pool opens to its Postgres
// (go-zero's sqlx: maxOpenConns), which the floor must leave it.
const servicePool = 64

// room is how many pgbench clients each of the floor's two Postgres servers
// can take now beside what is connected and what the services' pools may
// still open: max_connections less the superuser reserve, the connections
// open now, one service pool, and a few for pgbench's own and the bench's
// queries. The floor is measured with at most that many, never by taking a
// connection a service needs (which answered "sorry, too many clients").
func (w *writeFloorDBs) room(ctx context.Context) (int, error) {
	if w == nil {
		return 0, errors.New("the write floor's databases could not be prepared (see the log)")
	}
	least := -1
	for _, dsn := range []string{w.orderDSN, w.invDSN} {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return 0, err
		}
		var free int
		err = conn.QueryRow(ctx, `select current_setting('max_connections')::int
			- current_setting('superuser_reserved_connections')::int
			- (select count(*) from pg_stat_activity where backend_type = 'client backend')::int`).Scan(&free)
		_ = conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return 0, err
		}
		free -= servicePool + 4
		if least < 0 || free < least {
			least = free
		}
	}
	return max(least, 0), nil
}

// fit re-checks the room just before a pgbench run that wants want clients
// (other processes take and free connections meanwhile): see clientsFit.
func (w *writeFloorDBs) fit(ctx context.Context, want, done int) (int, string) {
	room, err := w.room(ctx)
	if err != nil {
		return 0, "skipped: the room on the order and inventory Postgres: " + firstLine(err)
	}
	return clientsFit(want, done, room)
}

// clientsFit is how many of want clients a pgbench run opens when both
// Postgres have room for room clients beside the services' pools, and why,
// when that is fewer: the run is capped to the room, or skipped (0) when
// there is none, or when it is no more than done, the clients the floor
// search's step before ran with (the step would measure that one again).
func clientsFit(want, done, room int) (int, string) {
	const beside = "beside the services' pools (max_connections)"
	switch {
	case room >= want:
		return want, ""
	case room <= 0:
		return 0, "skipped: the two Postgres have no room for a client " + beside
	case room <= done:
		return 0, fmt.Sprintf("skipped: the two Postgres have room for %d clients %s, no more than the step before ran with", room, beside)
	default:
		return room, fmt.Sprintf("capped to -c %d: the two Postgres have room for %d clients %s", room, room, beside)
	}
}
