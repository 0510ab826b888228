package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zsuite/bench/internal/suite"
	"github.com/zsuite/testkit/stack"
)

// captureSQL starts the suite with log_statement=all on its scratch
// databases, places two orders of the same product, and prints what the
// second one (the steady state: its product's cache entry was dropped by the
// first) made each database do. This is how the pgbench scripts of the write
// floor were checked against the saga; rerun it when the saga's SQL changes.
func (e *env) captureSQL(ctx context.Context) error {
	o := e.o
	o.users, o.products = 1, 1
	e.o = o
	s, err := suite.Start(ctx, e.binDir, e.tmp, suite.Options{LogStatements: true})
	defer s.Stop()
	if err != nil {
		return err
	}
	d, err := e.prepare(ctx, s, stack.RandomHex(3))
	if err != nil {
		return err
	}
	c := s.NewClient()
	order := func(key string) error {
		body := map[string]any{"items": []map[string]int64{{"productId": d.products[0].ID, "quantity": 1}}}
		return c.Do(ctx, http.MethodPost, "/v1/orders", d.tokens[0], body, nil, "Idempotency-Key", key)
	}
	if err := order("capture-1"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	dir := os.Getenv("ZSUITE_LOCAL_DIR")
	if dir == "" {
		dir = filepath.Join(e.root, ".local")
	}
	logs := map[string]string{
		"order-rpc":     filepath.Join(dir, "log", "pg-order.log"),
		"inventory-rpc": filepath.Join(dir, "log", "pg-inventory.log"),
	}
	offsets := map[string]int64{}
	for svc, path := range logs {
		fi, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("the %s Postgres log: %w (capture-sql reads the logs of the stack `make stack-up` starts)", svc, err)
		}
		offsets[svc] = fi.Size()
	}
	if err := order("capture-2"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	for _, svc := range []string{"order-rpc", "inventory-rpc"} {
		b, err := os.ReadFile(logs[svc])
		if err != nil {
			return err
		}
		fmt.Printf("==== %s (%s), statements of one order\n", svc, s.DSN[svc])
		// Other databases of the same server do not log statements. The
		// recovery loop's poll (and its parameters) is not part of an order.
		skipping := false
		for _, entry := range entries(string(b[offsets[svc]:])) {
			switch {
			case strings.Contains(entry, "attempts = attempts + 1"):
				skipping = true
				continue
			case skipping && strings.Contains(entry, "DETAIL:"):
				continue
			}
			skipping = false
			fmt.Println(entry)
		}
	}
	return nil
}

// entries splits a Postgres log into entries: a line that starts with a
// date and the lines that continue it.
func entries(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if line == "" {
			continue
		}
		if len(out) == 0 || (len(line) > 4 && line[0] >= '0' && line[0] <= '9' && line[4] == '-') {
			out = append(out, line)
			continue
		}
		out[len(out)-1] += "\n" + line
	}
	return out
}
