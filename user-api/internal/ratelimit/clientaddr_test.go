package ratelimit

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddrAndKey(t *testing.T) {
	proxies, err := ParseProxies([]string{"10.0.0.0/8", "192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		peer, xff string
		addr, key string
		byProxies Proxies
		comment   string
	}{
		{"203.0.113.5:4000", "198.51.100.1", "203.0.113.5", "203.0.113.5", proxies, "an untrusted peer: its header is ignored"},
		{"10.1.2.3:4000", "198.51.100.1", "198.51.100.1", "198.51.100.1", proxies, "a trusted proxy names the client"},
		{"10.1.2.3:4000", "1.1.1.1, 198.51.100.1, 192.0.2.7", "198.51.100.1", "198.51.100.1", proxies, "the right-most hop that is not a proxy of ours"},
		{"10.1.2.3:4000", "2001:db8:1:2:aaaa::1", "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64", proxies, "IPv6: limited by its /64"},
		{"10.1.2.3:4000", "2001:db8:1:2:ffff::9", "2001:db8:1:2:ffff::9", "2001:db8:1:2::/64", proxies, "another address of the same /64: the same client"},
		{"10.1.2.3:4000", "2001:db8:1:3::1", "2001:db8:1:3::1", "2001:db8:1:3::/64", proxies, "another /64: another client"},
		{"10.1.2.3:4000", "198.51.100.1:4711", "198.51.100.1", "198.51.100.1", proxies, "an address with a port"},
		{"10.1.2.3:4000", "[2001:db8:1:3::1]:4711", "2001:db8:1:3::1", "2001:db8:1:3::/64", proxies, "an IPv6 address with a port"},
		{"10.1.2.3:4000", "fe80::1%eth0", "fe80::1", "fe80::/64", proxies, "a zone names no client"},
		{"10.1.2.3:4000", "203.0.113.66, 198.51.100.1", "198.51.100.1", "198.51.100.1", proxies, "what the client wrote before its own address is not read"},
		{"10.1.2.3:4000", "203.0.113.66, not-an-address, 10.9.9.9", "10.9.9.9", "10.9.9.9", proxies, "a hop that is no address stops the walk at the last proxy"},
		{"10.1.2.3:4000", "", "10.1.2.3", "10.1.2.3", proxies, "a trusted peer without the header is the client"},
		{"203.0.113.5:4000", "10.1.2.3", "203.0.113.5", "203.0.113.5", proxies, "an untrusted peer naming a trusted address is still itself"},
		{"[2001:db8::5]:4000", "", "2001:db8::5", "2001:db8::/64", nil, "an IPv6 peer"},
		{"[::ffff:203.0.113.9]:4000", "", "203.0.113.9", "203.0.113.9", nil, "an IPv4 peer on an IPv6 socket"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := c.byProxies.ClientAddr(r); got != c.addr {
			t.Errorf("%s: address %q, want %q", c.comment, got, c.addr)
		}
		if got := c.byProxies.ClientKey(r); got != c.key {
			t.Errorf("%s: key %q, want %q", c.comment, got, c.key)
		}
	}
}
