package pgfloor

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	out := `transaction type: order.sql
scaling factor: 1
query mode: prepared
number of clients: 16
number of threads: 1
maximum number of tries: 1
duration: 10 s
number of transactions actually processed: 12345
number of failed transactions: 2 (0.016%)
latency average = 12.9 ms
initial connection time = 40.1 ms
tps = 1234.567890 (without initial connection time)
`
	r, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Transactions != 12345 || r.Failed != 2 || r.TPS != 1234.56789 {
		t.Fatalf("%+v", r)
	}
	if _, err := Parse("connection to server failed"); err == nil {
		t.Fatal("want an error without tps")
	}
}

// TestOutcome: a pgbench that failed is reported by the first line of its
// error (all the report lists) with its exit status and what it said, never
// with a nil error spelled out.
func TestOutcome(t *testing.T) {
	const summary = "number of transactions actually processed: 100\nnumber of failed transactions: 0 (0.000%)\ntps = 50.000000 (without initial connection time)\n"
	// Captured from pgbench 15 with no server at its socket.
	const noServer = "pgbench: error: connection to server on socket \"/tmp/pgcap/nosock/.s.PGSQL.5432\" failed: No such file or directory\n" +
		"\tIs the server running locally and accepting connections on that socket?\n" +
		"pgbench: error: could not create connection for setup\n"
	for _, c := range []struct {
		name           string
		waitErr        error
		stdout, stderr string
		want           string // the error's first line; "" for none
	}{
		{name: "ok", stdout: summary},
		{name: "no server", waitErr: errors.New("exit status 1"), stderr: noServer,
			want: `pgbench order: exit status 1, no tps in pgbench's output: pgbench: error: connection to server on socket "/tmp/pgcap/nosock/.s.PGSQL.5432" failed: No such file or directory`},
		{name: "too many clients", waitErr: errors.New("exit status 1"), stdout: "pgbench (15.8)\n",
			stderr: "\npgbench: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  sorry, too many clients already\npgbench: error: could not create connection for client 7\n",
			want:   `pgbench order: exit status 1, no tps in pgbench's output: pgbench: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  sorry, too many clients already`},
		{name: "exit 0 without a summary, silent stderr", stdout: "pgbench (15.8)\ntransaction type: order.sql\nscaling factor: 1\nquery mode: prepared\n",
			want: "pgbench order: exit status 0, no tps in pgbench's output: transaction type: order.sql / scaling factor: 1 / query mode: prepared"},
		{name: "no output at all", waitErr: errors.New("signal: killed"),
			want: "pgbench order: signal: killed, no tps in pgbench's output: no output"},
		{name: "clients aborted", waitErr: errors.New("exit status 2"), stdout: summary,
			stderr: "pgbench: error: client 3 aborted in command 2 (SQL) of script 0; ERROR:  deadlock detected\n" +
				"pgbench: error: client 5 aborted in command 2 (SQL) of script 0; ERROR:  deadlock detected\n" +
				"pgbench: fatal: Run was aborted; the above results are incomplete.\n",
			want: "pgbench order: exit status 2, 2 clients aborted: pgbench: error: client 3 aborted in command 2 (SQL) of script 0; ERROR:  deadlock detected"},
		{name: "clients aborted, exit 0 (older pgbench)", stdout: summary,
			stderr: "client 1 script 0 aborted in command 0 query 0: ERROR:  relation \"orders\" does not exist\n",
			want:   `pgbench order: exit status 0, 1 clients aborted: client 1 script 0 aborted in command 0 query 0: ERROR:  relation "orders" does not exist`},
	} {
		sum, err := Outcome("order", c.waitErr, c.stdout, c.stderr)
		if c.want == "" {
			if err != nil || sum.TPS != 50 {
				t.Errorf("%s: %+v, %v", c.name, sum, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		first, rest, _ := strings.Cut(err.Error(), "\n")
		if first != c.want {
			t.Errorf("%s: first line\n%s\nwant\n%s", c.name, first, c.want)
		}
		if strings.Contains(err.Error(), "<nil>") {
			t.Errorf("%s: a nil error in %q", c.name, err)
		}
		if !strings.Contains(rest, strings.TrimSpace(c.stderr)) || !strings.Contains(rest, strings.TrimSpace(c.stdout)) {
			t.Errorf("%s: the outputs' tails are not after the first line:\n%s", c.name, rest)
		}
	}
}

func TestParseLog(t *testing.T) {
	log := "0 1 1500 0 1700000000 123456\n1 1 2500 0 1700000000 223456 120\n2 3 skipped 0 1700000000 323456 99000\n"
	got, err := ParseLog(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != 1500*time.Microsecond || got[1] != 2500*time.Microsecond {
		t.Fatalf("%v", got)
	}
}

func TestScriptsMatchTheSaga(t *testing.T) {
	// The statements that make an order, as -capture-sql shows them.
	for name, want := range map[string][]string{
		"order": {`with o as (insert into "public"."orders"`, `insert into "public"."order_lines"`, `from o \gset`,
			`update "public"."orders" set status = 'CONFIRMED'`},
		"inventory": {`select reserve(:oid, array[:pid]::bigint[], array[:qty]::bigint[]);`},
	} {
		s := Scripts[name]
		at := 0
		for _, w := range want {
			i := strings.Index(s[at:], w)
			if i < 0 {
				t.Fatalf("%s: %q missing or out of order", name, w)
			}
			at += i + len(w)
		}
	}
	// One order per statement: no transaction block, and no key lookup
	// (order-rpc looks a key up only when the insert finds it taken).
	if strings.Contains(Scripts["order"], "begin;") || strings.Contains(Scripts["order"], "idempotency_key = :key") {
		t.Errorf("the order script holds more than the insert and the transition:\n%s", Scripts["order"])
	}
	// Reserve is the one statement inventory-rpc runs per order: no
	// transaction block, and no product lookup (order-rpc caches names and
	// prices).
	if n := strings.Count(Scripts["inventory"], ";\n"); n != 1 || strings.Contains(Scripts["inventory"], "begin;") ||
		strings.Contains(Scripts["inventory"], `from "public"."products"`) {
		t.Errorf("the inventory script holds more than the reserve call:\n%s", Scripts["inventory"])
	}
}

func TestMerge(t *testing.T) {
	a := Result{latencies: []time.Duration{time.Millisecond, 3 * time.Millisecond}}
	a.Script, a.Transactions, a.TPS = "order", 1000, 500 // 2 s
	b := Result{latencies: []time.Duration{2 * time.Millisecond}}
	b.Script, b.Transactions, b.TPS, b.Failed = "order", 2000, 1000, 1 // 2 s
	m := Merge(a, b)
	if m.Script != "order" || m.Transactions != 3000 || m.Failed != 1 || m.TPS != 750 {
		t.Fatalf("%+v", m)
	}
	if m.Latency.P50 != 2 || m.Latency.Max != 3 {
		t.Fatalf("latency %+v", m.Latency)
	}
}
