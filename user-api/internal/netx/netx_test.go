package netx

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/rest"
)

func TestTimeouts(t *testing.T) {
	var s http.Server
	Timeouts(rest.RestConf{Timeout: 10000})(&s)
	if s.ReadHeaderTimeout != 2*time.Second || s.ReadTimeout != 8*time.Second ||
		s.WriteTimeout != 11*time.Second || s.IdleTimeout != 20*time.Second {
		t.Fatalf("timeouts: header %v, read %v, write %v, idle %v", s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout)
	}
	var none http.Server
	Timeouts(rest.RestConf{Timeout: 0})(&none)
	if none.ReadTimeout != 0 || none.WriteTimeout != 0 {
		t.Fatal("Timeout 0 means no timeouts, as in go-zero")
	}
}

// A client that never finishes its request headers is cut off.
func TestSlowClientIsCutOff(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	Timeouts(rest.RestConf{Timeout: 500})(srv.Config)
	srv.Start()
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = bufio.NewReader(conn).ReadByte()
	if err == nil {
		// The server may answer 408 before closing; the connection must still end.
		_, err = conn.Read(make([]byte, 1024))
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("the connection stayed open %v (err %v)", elapsed, err)
	}
}
