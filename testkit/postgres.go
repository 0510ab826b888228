package testkit

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/zsuite/common/migrate"

	"github.com/zsuite/testkit/gate"
	"github.com/zsuite/testkit/stack"
)

// PostgresDSN is the data source name of database db on the local stack's
// Postgres of service (its name, "user-rpc").
func PostgresDSN(t testing.TB, service, db string) string {
	t.Helper()
	dsn, err := stack.DSN(Service(t, service), db)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// NewDatabase creates an empty database of its own on service's Postgres,
// applies migrations to it when they are given, drops it when the test ends,
// and returns its data source name.
func NewDatabase(t testing.TB, service string, migrations fs.FS) string {
	t.Helper()
	gate.Integration(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn, drop, err := stack.CreateDatabase(ctx, Service(t, service), "test_"+randomHex(6))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop the test database: %v", err)
		}
	})
	if migrations != nil {
		if _, err := migrate.Up(ctx, dsn, migrations); err != nil {
			t.Fatalf("migrate test database: %v", err)
		}
	}
	return dsn
}

func randomHex(n int) string { return stack.RandomHex(n) }
