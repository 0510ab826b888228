package testkit

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ping sends Redis a PING over a new connection and fails unless +PONG
// comes back within timeout.
func ping(addr string, timeout time.Duration) error {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "+PONG\r\n" {
		return fmt.Errorf("%s answered %q to PING", addr, line)
	}
	return nil
}

func TestRedisServerRestartsOnItsAddress(t *testing.T) {
	r := NewRedisServer(t)
	if err := ping(r.Addr, time.Second); err != nil {
		t.Fatalf("running: %v", err)
	}
	r.Stop()
	if err := ping(r.Addr, time.Second); err == nil {
		t.Fatal("stopped, yet it answers")
	}
	r.Start(t)
	if err := ping(r.Addr, time.Second); err != nil {
		t.Fatalf("started again: %v", err)
	}
}

func TestPostgresServerRestartKeepsData(t *testing.T) {
	p := NewPostgresServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	exec := func(sql string) error {
		conn, err := pgx.Connect(ctx, p.DSN(PostgresServerDB))
		if err != nil {
			return err
		}
		defer conn.Close(context.WithoutCancel(ctx))
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE TABLE kept (id int)"); err != nil {
		t.Fatal(err)
	}
	p.Stop(t)
	if err := exec("SELECT 1"); err == nil {
		t.Fatal("stopped, yet it answers")
	}
	p.Start(t)
	if err := exec("SELECT count(*) FROM kept"); err != nil {
		t.Fatalf("after the restart: %v", err)
	}
}

func TestToxiproxyLatencyPartitionHeal(t *testing.T) {
	r := NewRedisServer(t)
	tp := NewToxiproxy(t)
	env := map[string]map[string]string{"svc": {"REDIS_ADDR": r.Addr}}
	tp.Between("svc", StoreRedis)(&SuiteConfig{Env: env})
	proxied, link := env["svc"]["REDIS_ADDR"], tp.Link("svc", StoreRedis)
	if proxied == r.Addr {
		t.Fatal("Between left the address as it was")
	}
	if err := ping(proxied, time.Second); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}

	link.Latency(t, 300*time.Millisecond)
	start := time.Now()
	if err := ping(proxied, 5*time.Second); err != nil {
		t.Fatalf("with latency: %v", err)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Fatalf("with 300ms latency a PING took %v", took)
	}
	link.Heal(t)

	link.Partition(t)
	if err := ping(proxied, 500*time.Millisecond); err == nil {
		t.Fatal("partitioned, yet PONG came back")
	}
	link.Heal(t)
	if err := ping(proxied, time.Second); err != nil {
		t.Fatalf("healed: %v", err)
	}
}
