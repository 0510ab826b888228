package netx

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/zsuite/user-api/internal/ratelimit"
)

// serve starts a server answering 200 behind LimitConnections(l, proxies).
func serve(t *testing.T, l ConnLimits, proxies ...string) string {
	t.Helper()
	trusted, err := ratelimit.ParseProxies(proxies)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok"))
	}))
	LimitConnections(l, trusted)(srv.Config)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// conn is one client connection, from the loopback address from.
type conn struct {
	net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, addr, from string) *conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &conn{Conn: c, r: bufio.NewReader(c)}
}

// answer is what the server answered a request.
type answer struct {
	status int
	header http.Header
	close  bool
	body   map[string]string
}

// get sends one request on c and returns its answer, body read.
func (c *conn) get(t *testing.T) answer {
	t.Helper()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(c.r, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	a := answer{status: res.StatusCode, header: res.Header, close: res.Close}
	if res.StatusCode != http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(&a.body); err != nil {
			t.Fatalf("%d: body not JSON: %v", res.StatusCode, err)
		}
	} else if _, err := io.Copy(io.Discard, res.Body); err != nil {
		t.Fatal(err)
	}
	return a
}

// closed says whether the server closed c (after its answer).
func (c *conn) closed() bool {
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err := c.r.ReadByte()
	return err != nil && !isTimeout(err)
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func TestOneClientCannotHoldEveryConnection(t *testing.T) {
	addr := serve(t, ConnLimits{PerClient: 2, Total: 100})
	a1, a2 := dial(t, addr, "127.0.0.1"), dial(t, addr, "127.0.0.1")
	for _, c := range []*conn{a1, a2} {
		if a := c.get(t); a.status != http.StatusOK {
			t.Fatalf("within the limit: %d", a.status)
		}
	}
	// A third connection from the same client gets one clear refusal, then is closed.
	a3 := dial(t, addr, "127.0.0.1")
	a := a3.get(t)
	if a.status != http.StatusTooManyRequests || a.body["code"] != "RATE_LIMITED" || a.body["message"] == "" ||
		a.header.Get("Retry-After") == "" || !a.close {
		t.Fatalf("beyond the limit: %d %v, Retry-After %q, close %v", a.status, a.body, a.header.Get("Retry-After"), a.close)
	}
	if !a3.closed() {
		t.Fatal("the refused connection stays open")
	}
	// Another client is served meanwhile, and the first client's open ones still are.
	if a := dial(t, addr, "127.0.0.2").get(t); a.status != http.StatusOK {
		t.Fatalf("another client: %d", a.status)
	}
	if a := a1.get(t); a.status != http.StatusOK || a1.closed() {
		t.Fatalf("an accepted connection: %d", a.status)
	}
	// Once one of its connections closes, the client may open another.
	_ = a2.Close()
	waitFor(t, func() bool {
		c := dial(t, addr, "127.0.0.1")
		return c.get(t).status == http.StatusOK
	})
}

// A client's connections beyond its limit take no room from the others,
// even when they send nothing, and are closed within refuseWithin.
func TestRefusedConnectionsTakeNoRoom(t *testing.T) {
	addr := serve(t, ConnLimits{PerClient: 1, Total: 2})
	if a := dial(t, addr, "127.0.0.1").get(t); a.status != http.StatusOK {
		t.Fatalf("within the limit: %d", a.status)
	}
	var silent []*conn
	for range 5 {
		silent = append(silent, dial(t, addr, "127.0.0.1"))
	}
	start := time.Now()
	if a := dial(t, addr, "127.0.0.2").get(t); a.status != http.StatusOK || time.Since(start) > 500*time.Millisecond {
		t.Fatalf("another client beside five refused connections: %d after %v", a.status, time.Since(start))
	}
	for i, c := range silent {
		if !c.closed() {
			t.Fatalf("silent refused connection %d still open %v later", i, time.Since(start))
		}
	}
	if elapsed := time.Since(start); elapsed > refuseWithin+time.Second {
		t.Fatalf("the silent refused connections closed after %v", elapsed)
	}
}

// At the total, the server stops accepting: a new connection waits, and is
// served once another closes.
func TestConnectionsAreBoundedInAll(t *testing.T) {
	addr := serve(t, ConnLimits{PerClient: 10, Total: 2})
	first := dial(t, addr, "127.0.0.1")
	for _, c := range []*conn{first, dial(t, addr, "127.0.0.2")} {
		if a := c.get(t); a.status != http.StatusOK {
			t.Fatalf("within the limit: %d", a.status)
		}
	}
	third := dial(t, addr, "127.0.0.3") // the kernel accepts it; the server does not yet
	answered := make(chan int, 1)
	go func() {
		_ = third.SetDeadline(time.Now().Add(10 * time.Second))
		_, _ = third.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
		res, err := http.ReadResponse(third.r, nil)
		if err != nil {
			answered <- 0
			return
		}
		_ = res.Body.Close()
		answered <- res.StatusCode
	}()
	select {
	case code := <-answered:
		t.Fatalf("beyond the total, answered %d at once", code)
	case <-time.After(300 * time.Millisecond):
	}
	_ = first.Close()
	select {
	case code := <-answered:
		if code != http.StatusOK {
			t.Fatalf("once a connection closed: %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("not served 5 s after a connection closed")
	}
}

// A trusted proxy carries many clients: its connections count toward the
// total only.
func TestAProxysConnectionsAreNoOneClients(t *testing.T) {
	addr := serve(t, ConnLimits{PerClient: 1, Total: 10}, "127.0.0.1")
	for range 3 {
		if a := dial(t, addr, "127.0.0.1").get(t); a.status != http.StatusOK {
			t.Fatalf("a proxy's connection: %d", a.status)
		}
	}
	dial(t, addr, "127.0.0.2").get(t)
	if a := dial(t, addr, "127.0.0.2").get(t); a.status != http.StatusTooManyRequests {
		t.Fatalf("a client's second connection: %d", a.status)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("not within 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
