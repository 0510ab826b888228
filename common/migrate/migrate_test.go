package migrate_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/common/migrate"
	"github.com/zsuite/testkit"
)

var testdata = os.DirFS("testdata")

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func run(t *testing.T, verb, dsn string) string {
	t.Helper()
	var out bytes.Buffer
	if err := migrate.Run(ctx(t), verb, dsn, testdata, &out); err != nil {
		t.Fatalf("migrate %s: %v", verb, err)
	}
	return out.String()
}

// expect fails t unless verb writes want.
func expect(t *testing.T, verb, dsn, want string) {
	t.Helper()
	if got := run(t, verb, dsn); got != want {
		t.Fatalf("migrate %s = %q, want %q", verb, got, want)
	}
}

func TestUpStatusVersion(t *testing.T) {
	dsn := testkit.NewDatabase(t, "user-rpc", nil)
	expect(t, "version", dsn, "0\n")
	if got := run(t, "status", dsn); strings.Count(got, "pending") != 3 {
		t.Fatalf("status of an empty database:\n%s", got)
	}
	expect(t, "up", dsn, "applied 3 migration(s): 1, 2, 3\n")
	expect(t, "up", dsn, "applied 0 migration(s)\n")
	expect(t, "version", dsn, "3\n")
	status := run(t, "status", dsn)
	if strings.Count(status, "applied") != 3 || strings.Contains(status, "pending") ||
		!strings.Contains(status, "0002_note_count.sql") {
		t.Fatalf("status after up:\n%s", status)
	}
	// The function went in whole, and works.
	if n := queryInt(t, dsn, "SELECT note_count()"); n != 0 {
		t.Fatalf("note_count() = %d", n)
	}
	var out bytes.Buffer
	if err := migrate.Run(ctx(t), "down", dsn, testdata, &out); err == nil {
		t.Fatal("an unknown verb must fail")
	}
}

// Replicas that start together all migrate: the lock lets one apply each
// migration, once, and the others find nothing left to do.
func TestConcurrentReplicas(t *testing.T) {
	dsn := testkit.NewDatabase(t, "user-rpc", nil)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied []int64
	)
	for range 6 {
		wg.Go(func() {
			got, err := migrate.Up(ctx(t), dsn, testdata)
			if err != nil {
				t.Errorf("replica: %v", err)
			}
			mu.Lock()
			applied = append(applied, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(applied)
	if !slices.Equal(applied, []int64{1, 2, 3}) {
		t.Fatalf("applied across replicas: %v, want each of 1, 2, 3 once", applied)
	}
}

// A database the suite's own runner migrated (before goose) upgrades in
// place: its versions are carried over, only what is new is applied, and
// schema_migrations stays for a replica of the earlier release.
func TestUpgradeFromTheEarlierRunner(t *testing.T) {
	dsn := testkit.NewDatabase(t, "user-rpc", nil)
	conn, err := pgx.Connect(ctx(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	// What the earlier runner did: its table, and each file in one Exec.
	if _, err := conn.Exec(ctx(t), `CREATE TABLE schema_migrations (
		version integer PRIMARY KEY,
		name text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for v, name := range map[int]string{1: "0001_notes.sql", 2: "0002_note_count.sql"} {
		body, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx(t), string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := conn.Exec(ctx(t), "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", v, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.Exec(ctx(t), "INSERT INTO notes (body) VALUES ('kept')"); err != nil {
		t.Fatal(err)
	}

	expect(t, "version", dsn, "2\n")
	expect(t, "up", dsn, "applied 1 migration(s): 3\n")
	expect(t, "version", dsn, "3\n")
	if n := queryInt(t, dsn, "SELECT count(*) FROM notes WHERE body = 'kept' AND author = ''"); n != 1 {
		t.Fatalf("the row written before the upgrade: %d", n)
	}
	if n := queryInt(t, dsn, "SELECT count(*) FROM schema_migrations"); n != 2 {
		t.Fatalf("schema_migrations holds %d rows, want its 2 untouched", n)
	}
}

func queryInt(t *testing.T, dsn, query string) int64 {
	t.Helper()
	conn, err := pgx.Connect(ctx(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int64
	if err := conn.QueryRow(ctx(t), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
