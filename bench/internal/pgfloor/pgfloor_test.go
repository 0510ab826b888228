package pgfloor

import (
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
		"order": {`from "public"."orders" where user_id = :uid and idempotency_key = :key;`,
			`with o as (insert into "public"."orders"`, `insert into "public"."order_lines"`, `from o \gset`,
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
	if strings.Contains(Scripts["order"], "begin;") {
		t.Error("order-rpc records an order in one statement, not in a transaction block")
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
