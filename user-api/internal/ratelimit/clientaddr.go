package ratelimit

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the addresses whose X-Forwarded-For user-api believes: the
// load balancers or ingress controllers in front of it. Without any, a
// client's address is the connection's, whatever headers it sends.
type Proxies []netip.Prefix

// ParseProxies reads CIDRs ("10.0.0.0/8") or single addresses.
func ParseProxies(cidrs []string) (Proxies, error) {
	var out Proxies
	for _, c := range cidrs {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !strings.Contains(c, "/") {
			addr, err := netip.ParseAddr(c)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", c, err)
			}
			out = append(out, netip.PrefixFrom(addr, addr.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", c, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (p Proxies) trusts(a netip.Addr) bool {
	for _, prefix := range p {
		if prefix.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr is the address r comes from: the connection's peer, or, when
// that peer is a trusted proxy, the right-most address of X-Forwarded-For
// that is not a trusted proxy itself. Each proxy appends the address of its
// own peer, so the right-most entries are the only ones written by a proxy
// of ours; the left-most entries are whatever the client wrote and prove
// nothing. An entry that is not an address (a proxy of ours would not write
// one) stops the walk at the last proxy, which is then the client, rather
// than let the client's own words be read.
//
// Every trusted address must be a proxy: a client inside a trusted range
// could otherwise put any address before its own. The gateway in front of
// user-api on Kubernetes (docs/deploy.md) replaces the X-Forwarded-For it
// receives with its peer's address, and nothing else in the pod range may
// reach user-api's port (its NetworkPolicy), so trusting the pod range names
// the gateway's peer, never an address a client wrote.
func (p Proxies) ClientAddr(r *http.Request) string {
	peer, host, ok := peerAddr(r.RemoteAddr)
	if !ok {
		return host
	}
	if len(p) == 0 || !p.trusts(peer) {
		return peer.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := hopAddr(hops[i])
		if !ok {
			return peer.String()
		}
		if !p.trusts(a) {
			return a.String()
		}
		peer = a
	}
	return peer.String()
}

// hopAddr reads one entry of X-Forwarded-For: an address, or an address with
// a port ("203.0.113.5:4711", "[2001:db8::1]:4711"), as some proxies write.
// A zone is dropped: it names an interface of the proxy, not a client, and
// would otherwise make one client many.
func hopAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

// ClientKey is what a client is limited by when it has no token: its address
// (ClientAddr) for IPv4, the /64 the address is in for IPv6. A /64 is the
// least a site or a single host is handed, and an address within it costs
// nothing to change, so limiting per IPv6 address would let one client make
// as many clients of itself as it likes.
func (p Proxies) ClientKey(r *http.Request) string {
	return addrKey(p.ClientAddr(r))
}

func addrKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is6() {
		return addr
	}
	prefix, err := a.Prefix(64)
	if err != nil {
		return addr
	}
	return prefix.String()
}

// ConnKey is what a connection from remote counts against: the key of its
// peer's address (as ClientKey's), and whether the peer is a trusted proxy,
// whose connections carry many clients' requests and so are no one
// client's.
func (p Proxies) ConnKey(remote net.Addr) (key string, proxy bool) {
	a, host, ok := peerAddr(remote.String())
	if !ok {
		return host, false
	}
	return addrKey(a.String()), p.trusts(a)
}

// peerAddr reads a connection's peer ("host:port", or a bare host) as an
// address without zone, an IPv4-mapped one as IPv4; ok is false, with the
// host as read, when the peer is no IP address.
func peerAddr(remote string) (a netip.Addr, host string, ok bool) {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err = netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, host, false
	}
	return a.Unmap().WithZone(""), host, true
}
