package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/common/migrate"

	"github.com/zsuite/common/testkit/gate"
)

// PostgresDSN is the data source name of database db on the local stack's
// Postgres of service ("USER", "ORDER" or "INVENTORY").
func PostgresDSN(t testing.TB, service, db string) string {
	t.Helper()
	port := Port(t, service+"_PG_PORT")
	return fmt.Sprintf("postgres://%s:%s@%s/%s?sslmode=disable",
		Port(t, "PG_USER"), Port(t, "PG_PASSWORD"), net.JoinHostPort("127.0.0.1", port), db)
}

// NewDatabase creates an empty database of its own on service's Postgres,
// applies migrations to it when they are given, drops it when the test ends,
// and returns its data source name.
func NewDatabase(t testing.TB, service string, migrations fs.FS) string {
	t.Helper()
	gate.Integration(t)
	admin := PostgresDSN(t, service, "postgres")
	mustReach(t, service+" Postgres", "127.0.0.1:"+Port(t, service+"_PG_PORT"))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to %s Postgres: %v; %s", service, err, StartHint)
	}
	defer conn.Close(context.Background())

	name := "test_" + randomHex(6)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})

	dsn := PostgresDSN(t, service, name)
	if migrations != nil {
		if _, err := migrate.Up(ctx, dsn, migrations); err != nil {
			t.Fatalf("migrate test database: %v", err)
		}
	}
	return dsn
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
