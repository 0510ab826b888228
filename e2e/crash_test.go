package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zsuite/testkit"
)

// TestCrashRecovery places orders while inventory-rpc is killed, then while
// order-rpc is killed, and checks afterwards that every order ended
// CONFIRMED, REJECTED or CANCELLED, that no acknowledged order was lost, and
// that for every product initial + restocked = available + reserved by live
// orders.
func TestCrashRecovery(t *testing.T) {
	s := testkit.StartSuite(t,
		// Short timings so the recovery loop acts within the test.
		testkit.WithEnv("order-rpc", "SAGA_GRACE", "300ms"),
		testkit.WithEnv("order-rpc", "SAGA_CALL_TIMEOUT", "1s"),
		testkit.WithEnv("order-rpc", "SAGA_PENDING_TIMEOUT", "6s"),
		testkit.WithEnv("order-rpc", "SAGA_RECOVERY_INTERVAL", "200ms"),
	)
	admin := login(t, s, "admin", "admin12345")
	initial := map[int64]int64{}
	var products []int64
	for i := range 4 {
		p := createProduct(t, s, admin, fmt.Sprintf("Crash %d", i), 100+int64(i), 60)
		initial[p.ID] = p.Stock
		products = append(products, p.ID)
	}
	const customers = 4
	tokens := make([]string, customers)
	for i := range customers {
		_, tokens[i] = newCustomer(t, s, fmt.Sprintf("crash_%d", i))
	}

	l := &load{s: s, tokens: tokens, products: products}
	for _, victim := range []string{"inventory-rpc", "order-rpc"} {
		t.Run("kill "+victim, func(t *testing.T) {
			ctx, stop := context.WithCancel(context.Background())
			done := l.run(ctx, victim)
			time.Sleep(700 * time.Millisecond)
			s.Proc(victim).Kill()
			time.Sleep(1500 * time.Millisecond) // requests meet the dead service
			s.Proc(victim).Start(t)
			time.Sleep(500 * time.Millisecond)
			stop()
			<-done
			if len(l.unexpected) > 0 {
				t.Fatalf("%d unexpected answers, e.g. %s", len(l.unexpected), l.unexpected[0])
			}
			waitSettled(t, s, 60*time.Second)
		})
	}
	if l.confirmed == 0 || l.unavailable == 0 {
		t.Fatalf("the crashes were not exercised: %d confirmed, %d unavailable", l.confirmed, l.unavailable)
	}
	t.Logf("%d confirmed, %d cancelled, %d out of stock, %d unavailable", l.confirmed, l.cancelled, l.outOfStock, l.unavailable)

	// No acknowledged order is lost: each is still there, as it was left.
	for _, a := range l.acknowledged {
		status, body := s.Do(t, http.MethodGet, path("/v1/orders/%d", a.id), a.token, nil)
		// user-api reconnects to a restarted order-rpc within its backoff (2s at most).
		for i := 0; i < 50 && status == http.StatusServiceUnavailable; i++ {
			time.Sleep(200 * time.Millisecond)
			status, body = s.Do(t, http.MethodGet, path("/v1/orders/%d", a.id), a.token, nil)
		}
		if status != http.StatusOK {
			ss, _ := exec.Command("sh", "-c", "ss -ltnp; ps aux | grep -E 'order-rpc|inventory-rpc' | grep -v grep").CombinedOutput()
			t.Fatalf("acknowledged order %d: %d %s\n%s\nuser-api log:\n%s\norder-rpc log:\n%s", a.id, status, body, ss,
				s.Proc("user-api").LogTail(), s.Proc("order-rpc").LogTail())
		}
		if got := decode[order](t, body).Status; got != a.status {
			t.Fatalf("acknowledged order %d is %s, want %s", a.id, got, a.status)
		}
	}
	// A request that got 503 finds its order, settled, when retried with its key.
	for _, r := range l.retries {
		status, body := placeOrder(t, s, r.token, r.key, r.lines...)
		// Right after the outage go-zero's circuit breaker may still shed
		// requests; a client backs off and retries.
		for i := 0; i < 50 && status == http.StatusServiceUnavailable && !strings.Contains(string(body), "new Idempotency-Key"); i++ {
			time.Sleep(200 * time.Millisecond)
			status, body = placeOrder(t, s, r.token, r.key, r.lines...)
		}
		switch {
		case status == http.StatusOK:
			if st := decode[order](t, body).Status; st != "CONFIRMED" && st != "CANCELLED" {
				t.Fatalf("retry of %s: order %s", r.key, st)
			}
		case status == http.StatusConflict && strings.Contains(string(body), "OUT_OF_STOCK"):
		case status == http.StatusServiceUnavailable && strings.Contains(string(body), "new Idempotency-Key"):
			// Pending past its timeout: released and dropped.
		default:
			t.Fatalf("retry of %s: %d %s", r.key, status, body)
		}
	}
	ledger(t, s, initial)
}

type acknowledged struct {
	id     int64
	token  string
	status string
}

type retry struct {
	token, key string
	lines      []line
}

// load places (and sometimes cancels) orders from several customers at once
// and sorts the answers.
type load struct {
	s        *testkit.Suite
	tokens   []string
	products []int64

	mu                                            sync.Mutex
	seq                                           int
	confirmed, cancelled, outOfStock, unavailable int
	acknowledged                                  []acknowledged
	retries                                       []retry
	unexpected                                    []string
}

func (l *load) run(ctx context.Context, phase string) <-chan struct{} {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for c, token := range l.tokens {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(c), uint64(len(phase))))
			for ctx.Err() == nil {
				l.one(phase, token, rng)
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	return done
}

func (l *load) one(phase, token string, rng *rand.Rand) {
	l.mu.Lock()
	l.seq++
	k := fmt.Sprintf("%s-%d", strings.ReplaceAll(phase, "-", ""), l.seq)
	l.mu.Unlock()
	a, b := rng.IntN(len(l.products)), rng.IntN(len(l.products))
	lines := []line{{l.products[a], int64(1 + rng.IntN(3))}}
	if a != b {
		lines = append(lines, line{l.products[b], int64(1 + rng.IntN(2))})
	}
	body := []byte(fmt.Sprintf(`{"items":%s}`, mustMarshal(lines)))
	status, out, err := l.s.Call(http.MethodPost, "/v1/orders", token, body, "Idempotency-Key", k)

	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err != nil:
		l.unexpected = append(l.unexpected, err.Error())
	case status == http.StatusOK:
		l.confirmed++
		id := decodeOrderID(out)
		st := "CONFIRMED"
		if rng.IntN(4) == 0 { // cancel some, also while a service is down
			l.mu.Unlock()
			cs, cout, cerr := l.s.Call(http.MethodPost, fmt.Sprintf("/v1/orders/%d/cancel", id), token, nil)
			l.mu.Lock()
			switch {
			case cerr == nil && cs == http.StatusOK:
				st = "CANCELLED"
				l.cancelled++
			case cerr == nil && cs == http.StatusServiceUnavailable:
				// Left CANCELLING; the recovery loop finishes it.
				st = "CANCELLED"
				l.unavailable++
			default:
				l.unexpected = append(l.unexpected, fmt.Sprintf("cancel: %d %s %v", cs, cout, cerr))
			}
		}
		l.acknowledged = append(l.acknowledged, acknowledged{id: id, token: token, status: st})
	case status == http.StatusConflict && strings.Contains(string(out), "OUT_OF_STOCK"):
		l.outOfStock++
	case status == http.StatusServiceUnavailable:
		l.unavailable++
		l.retries = append(l.retries, retry{token: token, key: k, lines: lines})
		l.mu.Unlock()
		time.Sleep(50 * time.Millisecond) // a client backs off before its next order
		l.mu.Lock()
	default:
		l.unexpected = append(l.unexpected, fmt.Sprintf("%d %s", status, out))
	}
}
