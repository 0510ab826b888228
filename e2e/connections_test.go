package e2e

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/zsuite/testkit"
)

// One client that opens hundreds of connections and keeps them open holds
// only its share: beyond CONNECTIONS_PER_CLIENT each gets one clear 429 and
// is closed, while another client is served as usual, and user-api's memory
// stays put (each open connection costs tens of kilobytes).
func TestOneClientCannotHoldEveryConnection(t *testing.T) {
	const perClient, opened = 8, 300
	s := testkit.StartSuite(t, testkit.WithEnv("user-api", "CONNECTIONS_PER_CLIENT", "8"))
	u, err := url.Parse(s.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	path := "/v1/products?page=1&pageSize=1"
	request := []byte("GET " + path + " HTTP/1.1\r\nHost: " + u.Host + "\r\n\r\n")

	statuses := map[int]int{}
	var refusedOpen int
	for range opened {
		c, err := (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}, Timeout: 5 * time.Second}).Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close() // every connection stays open, as the attacker keeps it, until the test ends
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write(request); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(c)
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		var body errorBody
		if res.StatusCode != http.StatusOK {
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatalf("%d without a JSON body: %v", res.StatusCode, err)
			}
		} else if _, err := io.Copy(io.Discard, res.Body); err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		statuses[res.StatusCode]++
		if res.StatusCode == http.StatusTooManyRequests {
			if body.Code != "RATE_LIMITED" || body.Message == "" || res.Header.Get("Retry-After") == "" || !res.Close {
				t.Fatalf("a refused connection: %+v, Retry-After %q, close %v", body, res.Header.Get("Retry-After"), res.Close)
			}
			_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
			if _, err := r.ReadByte(); err == nil || isTimeout(err) {
				refusedOpen++
			}
		}
	}
	if statuses[http.StatusOK] != perClient || statuses[http.StatusTooManyRequests] != opened-perClient || refusedOpen > 0 {
		t.Fatalf("%d connections of one client: %v, %d refused ones left open; want %d served, the rest refused and closed",
			opened, statuses, refusedOpen, perClient)
	}

	// Another client is served meanwhile, from another address.
	other := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DialContext: (&net.Dialer{
		LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	res, err := other.Get(s.BaseURL + path)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("another client while the first holds its connections: %d", res.StatusCode)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}
