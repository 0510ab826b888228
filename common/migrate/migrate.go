// Package migrate applies a service's embedded SQL migrations to its own
// database with goose (github.com/pressly/goose/v3), under a Postgres
// advisory lock so that replicas starting together are safe, and answers the
// operator's verbs (up, status, version).
//
// Migrations are goose SQL files, NNNN_description.sql, that start with
// `-- +goose Up`; a statement that holds semicolons of its own (a function
// body) goes between `-- +goose StatementBegin` and `-- +goose StatementEnd`.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
)

// lockID is the advisory lock every migrating process of a service takes: the
// one the suite's own runner took before goose, so that during a rolling
// update a replica of either kind waits for the other.
const lockID = 7_362_041_115

// legacyTable is the version table of the suite's runner before goose:
// schema_migrations(version integer, name text, applied_at timestamptz).
const legacyTable = "schema_migrations"

// Verbs are the operator's commands, as `<service> -migrate VERB` takes them.
var Verbs = []string{"up", "status", "version"}

// Up applies every migration in fsys that the database at dsn has not had yet,
// each in its own transaction, and returns the versions it applied.
func Up(ctx context.Context, dsn string, fsys fs.FS) ([]int64, error) {
	var applied []int64
	err := withProvider(ctx, dsn, fsys, func(p *goose.Provider) error {
		results, err := p.Up(ctx)
		for _, r := range results {
			if r.Error == nil {
				applied = append(applied, r.Source.Version)
			}
		}
		return err
	})
	return applied, err
}

// Run does what verb says to the database at dsn and writes the outcome to w:
// "up" applies what is pending, "status" lists each migration and when it
// was applied, "version" prints the version the database is at.
func Run(ctx context.Context, verb, dsn string, fsys fs.FS, w io.Writer) error {
	switch verb {
	case "up":
		applied, err := Up(ctx, dsn, fsys)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "applied %d migration(s)%s\n", len(applied), versions(applied))
		return err
	case "status":
		return withProvider(ctx, dsn, fsys, func(p *goose.Provider) error {
			all, err := p.Status(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tSTATE\tAPPLIED AT\tFILE")
			for _, s := range all {
				at := "-"
				if s.State == goose.StateApplied {
					at = s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.Source.Version, s.State, at, s.Source.Path)
			}
			return tw.Flush()
		})
	case "version":
		return withProvider(ctx, dsn, fsys, func(p *goose.Provider) error {
			v, err := p.GetDBVersion(ctx)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(w, v)
			return err
		})
	default:
		return fmt.Errorf("unknown migration verb %q: want one of %s", verb, strings.Join(Verbs, ", "))
	}
}

func versions(vs []int64) string {
	if len(vs) == 0 {
		return ""
	}
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.FormatInt(v, 10)
	}
	return ": " + strings.Join(s, ", ")
}

// withProvider opens dsn, carries over the versions the suite's earlier
// runner recorded, and hands fn a goose provider for fsys.
func withProvider(ctx context.Context, dsn string, fsys fs.FS, fn func(*goose.Provider) error) (err error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's message would repeat the URL, password included.
		return errors.New("migrations: the database URL does not parse")
	}
	db := stdlib.OpenDB(*cfg)
	defer func() { err = errors.Join(err, db.Close()) }()

	store, err := database.NewStore(goose.DialectPostgres, goose.DefaultTablename)
	if err != nil {
		return err
	}
	if err := adoptLegacy(ctx, db, store); err != nil {
		return fmt.Errorf("migrations: carry over %s: %w", legacyTable, err)
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID), lock.WithLockTimeout(1, 300))
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys, goose.WithStore(store), goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if err := fn(p); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// adoptLegacy gives a database that the suite's earlier runner migrated a
// goose version table holding the same versions, once, in one transaction
// under the migration lock. schema_migrations is left as it was: a replica
// of the earlier release that starts during a rolling update finds its
// versions there and applies nothing. Drop it once no such replica is left.
func adoptLegacy(ctx context.Context, db *sql.DB, store database.Store) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(lockID)); err != nil {
		return err
	}
	var legacy, current bool
	if err := tx.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL",
		legacyTable, store.Tablename()).Scan(&legacy, &current); err != nil {
		return err
	}
	if !legacy || current {
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT version FROM "+legacyTable+" ORDER BY version")
	if err != nil {
		return err
	}
	defer rows.Close()
	var applied []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return err
		}
		applied = append(applied, v)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	if err := store.CreateVersionTable(ctx, tx); err != nil {
		return err
	}
	// goose starts every version table with version 0.
	for _, v := range append([]int64{0}, applied...) {
		if err := store.Insert(ctx, tx, database.InsertRequest{Version: v}); err != nil {
			return err
		}
	}
	return tx.Commit()
}
