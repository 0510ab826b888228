package rpcx

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zeromicro/go-zero/core/stores/postgres"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/breakx"
	"github.com/zsuite/common/errx"
	_ "github.com/zsuite/common/sqlerr" // Postgres' own "down" errors for errx.DependencyDown
)

// NewDB opens the service's Postgres behind a breakx breaker that counts
// only the database being unreachable (see unreachable).
//
// go-zero's own SQL breaker is kept out of the way (every error acceptable
// to it): it counts every error but a few, constraint violations and the
// reserve function's refusals among them, and after an outage it refuses a
// share of queries for seconds although Postgres answers again.
func NewDB(dataSource string) sqlx.SqlConn {
	return &guardedDB{
		conn: postgres.New(dataSource, sqlx.WithAcceptable(func(error) bool { return true })),
		brk:  breakx.New("postgres", unreachable),
	}
}

// unreachable is a failure of Postgres itself: no connection, or a server
// shutting down or out of connections. A statement that ran out of its
// caller's time is not one: it waited for a row lock or a busy machine, and a
// breaker opened by a burst of orders on one product would refuse every
// other order too.
func unreachable(err error) bool {
	return errx.DependencyDown(err) && !errors.Is(err, context.DeadlineExceeded) && !pgconn.Timeout(err)
}

// guardedDB is a sqlx.SqlConn whose every round trip goes through brk.
type guardedDB struct {
	conn sqlx.SqlConn
	brk  *breakx.Breaker
}

func (g *guardedDB) Exec(query string, args ...any) (sql.Result, error) {
	return g.ExecCtx(context.Background(), query, args...)
}

func (g *guardedDB) ExecCtx(ctx context.Context, query string, args ...any) (res sql.Result, err error) {
	err = g.brk.Do(func() error {
		res, err = g.conn.ExecCtx(ctx, query, args...)
		return err
	})
	return res, err
}

func (g *guardedDB) Prepare(query string) (sqlx.StmtSession, error) {
	return g.PrepareCtx(context.Background(), query)
}

func (g *guardedDB) PrepareCtx(ctx context.Context, query string) (st sqlx.StmtSession, err error) {
	err = g.brk.Do(func() error {
		st, err = g.conn.PrepareCtx(ctx, query)
		return err
	})
	return st, err
}

func (g *guardedDB) QueryRow(v any, query string, args ...any) error {
	return g.QueryRowCtx(context.Background(), v, query, args...)
}

func (g *guardedDB) QueryRowCtx(ctx context.Context, v any, query string, args ...any) error {
	return g.brk.Do(func() error { return g.conn.QueryRowCtx(ctx, v, query, args...) })
}

func (g *guardedDB) QueryRowPartial(v any, query string, args ...any) error {
	return g.QueryRowPartialCtx(context.Background(), v, query, args...)
}

func (g *guardedDB) QueryRowPartialCtx(ctx context.Context, v any, query string, args ...any) error {
	return g.brk.Do(func() error { return g.conn.QueryRowPartialCtx(ctx, v, query, args...) })
}

func (g *guardedDB) QueryRows(v any, query string, args ...any) error {
	return g.QueryRowsCtx(context.Background(), v, query, args...)
}

func (g *guardedDB) QueryRowsCtx(ctx context.Context, v any, query string, args ...any) error {
	return g.brk.Do(func() error { return g.conn.QueryRowsCtx(ctx, v, query, args...) })
}

func (g *guardedDB) QueryRowsPartial(v any, query string, args ...any) error {
	return g.QueryRowsPartialCtx(context.Background(), v, query, args...)
}

func (g *guardedDB) QueryRowsPartialCtx(ctx context.Context, v any, query string, args ...any) error {
	return g.brk.Do(func() error { return g.conn.QueryRowsPartialCtx(ctx, v, query, args...) })
}

func (g *guardedDB) RawDB() (*sql.DB, error) { return g.conn.RawDB() }

func (g *guardedDB) Transact(fn func(sqlx.Session) error) error {
	return g.brk.Do(func() error { return g.conn.Transact(fn) })
}

func (g *guardedDB) TransactCtx(ctx context.Context, fn func(context.Context, sqlx.Session) error) error {
	return g.brk.Do(func() error { return g.conn.TransactCtx(ctx, fn) })
}
