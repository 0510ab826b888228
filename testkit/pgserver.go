package testkit

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/testkit/gate"
)

// PostgresServer is a Postgres cluster of the test's own (initdb and pg_ctl
// of the system's PostgreSQL, as deploy/local/stack.sh runs them) on a free
// loopback port, for tests that stop and start the server: the local stack's
// Postgres is shared and must never be stopped. It holds one database,
// PostgresServerDB, owned by the role PostgresServerUser (trust auth on
// loopback: it is a test's).
type PostgresServer struct {
	// Port stays the same across Stop and Start.
	Port int

	bin     string
	dir     string // the cluster's parent dir: data/, the log, the socket
	asOwner func(name string, args ...string) *exec.Cmd

	mu      sync.Mutex
	running bool
}

const (
	// PostgresServerUser is the role a PostgresServer's DSN connects as.
	PostgresServerUser = "zsuite"
	// PostgresServerDB is the database a PostgresServer holds.
	PostgresServerDB = "zsuite"
)

// NewPostgresServer creates and starts a private Postgres cluster and
// removes it when the test ends.
func NewPostgresServer(t testing.TB) *PostgresServer {
	t.Helper()
	gate.Integration(t)
	bin, err := postgresBin()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "zsuite-pg-")
	if err != nil {
		t.Fatal(err)
	}
	p := &PostgresServer{Port: FreePort(t), bin: bin, dir: dir, asOwner: exec.Command}
	t.Cleanup(func() {
		_ = p.stop("immediate")
		_ = os.RemoveAll(dir)
	})
	// Postgres refuses to run as root: as root, run it as the postgres user.
	if os.Geteuid() == 0 {
		if err := chownToPostgres(dir); err != nil {
			t.Fatal(err)
		}
		p.asOwner = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
		}
	}
	initdb := p.asOwner(filepath.Join(bin, "initdb"), "-D", p.dataDir(), "-U", PostgresServerUser,
		"--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	p.Start(t)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, p.DSN("postgres"))
	if err != nil {
		t.Fatalf("connect to the private Postgres: %v", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+PostgresServerDB); err != nil {
		t.Fatalf("create database %s: %v", PostgresServerDB, err)
	}
	return p
}

// DSN is the data source name of database db on the server.
func (p *PostgresServer) DSN(db string) string {
	return fmt.Sprintf("postgres://%s@%s/%s?sslmode=disable",
		PostgresServerUser, net.JoinHostPort("127.0.0.1", strconv.Itoa(p.Port)), db)
}

// Addr is the server's host:port.
func (p *PostgresServer) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(p.Port)) }

// Start starts the server on its port and waits until it accepts connections.
func (p *PostgresServer) Start(t testing.TB) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.running {
		t.Fatalf("the private Postgres on :%d is already running", p.Port)
	}
	cmd := p.asOwner(filepath.Join(p.bin, "pg_ctl"), "-D", p.dataDir(), "-l", filepath.Join(p.dir, "postgres.log"),
		"-w", "-t", "60", "start", "-o",
		fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", p.Port, p.dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(p.dir, "postgres.log"))
		t.Fatalf("start the private Postgres on :%d: %v\n%s\n%s", p.Port, err, out, log)
	}
	p.running = true
}

// Stop shuts the server down as an operator's restart does (pg_ctl stop -m
// fast: open sessions are ended, then a clean shutdown), and waits until it
// is gone.
func (p *PostgresServer) Stop(t testing.TB) {
	t.Helper()
	if err := p.stop("fast"); err != nil {
		t.Fatal(err)
	}
}

func (p *PostgresServer) stop(mode string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.running {
		return nil
	}
	cmd := p.asOwner(filepath.Join(p.bin, "pg_ctl"), "-D", p.dataDir(), "-m", mode, "-w", "-t", "60", "stop")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("stop the private Postgres on :%d: %v\n%s", p.Port, err, out)
	}
	p.running = false
	return nil
}

func (p *PostgresServer) dataDir() string { return filepath.Join(p.dir, "data") }

// postgresBin is the bin directory of the newest PostgreSQL installed.
func postgresBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	var found []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			found = append(found, d)
		}
	}
	if len(found) == 0 {
		return "", fmt.Errorf("PostgreSQL's initdb is not installed: run `make deps` (apt-get install postgresql)")
	}
	sort.Slice(found, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(found[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(found[j])))
		return vi < vj
	})
	return found[len(found)-1], nil
}

func chownToPostgres(dir string) error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root, Postgres must run as the postgres user, which is missing (%v): run `make deps`", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}
