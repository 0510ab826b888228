// Package ports finds free TCP ports for the servers tests start. It needs
// nothing beyond the standard library, so that any module of the repository
// may use it without taking testkit's dependencies.
package ports

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// Free returns a TCP port on 127.0.0.1 that was free a moment ago. It is
// chosen below the kernel's ephemeral range (ip_local_port_range), from which
// a port asked for with :0 would come: between the moment it was free and the
// moment the server binds it, any outgoing connection of the machine (to
// Postgres, Redis, etcd) could take an ephemeral port as its own, and did.
// Ports below that range are only ever taken by listeners; the local stack's
// (2379, 5433, 6380, ...) are below 10000, where none is chosen.
func Free() (int, error) {
	low := ephemeralLow()
	for range 200 {
		port := 10000 + rand.IntN(low-10000)
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			continue
		}
		_ = ln.Close()
		return port, nil
	}
	return 0, fmt.Errorf("no free port between 10000 and %d", low)
}

// ephemeralLow is the lowest port the kernel hands out on its own (32768
// unless configured otherwise).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if low, err := strconv.Atoi(f[0]); err == nil && low > 11000 {
				return low
			}
		}
	}
	return 32768
}
