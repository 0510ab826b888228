package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/zsuite/bench/internal/readfloor"
	"github.com/zsuite/bench/internal/report"
	"github.com/zsuite/bench/internal/suite"
	"github.com/zsuite/testkit/ports"
	"github.com/zsuite/testkit/stack"
)

// readFloor is the two processes of the read floor.
type readFloor struct {
	baseURL string
	procs   []*stack.Process
	// meters are the two processes, the Redis they read and the load generator.
	meters []meter
}

func (f *readFloor) stop() {
	for _, p := range f.procs {
		p.Stop()
	}
}

// floorProductPrefix keys the read floor's copies of the cached products.
const floorProductPrefix = "bench:floor:" + readfloor.ProductKeyPrefix

// startReadFloor starts the read floor of scenario key: its RPC half on the
// Redis of the service that caches the rows (user-rpc's for /me,
// inventory-rpc's for products), its HTTP half in front of it.
//
// users are cached for days, so the floor reads the very entries user-rpc
// reads. Products are cached for a minute and dropped at every stock change,
// so the floor reads copies of the entries, taken just before and kept
// without expiry: the floor is all cache hits, whatever ran before it.
func (e *env) startReadFloor(ctx context.Context, s *suite.Suite, d *data, key string) (*readFloor, error) {
	owner := "user-rpc"
	var extra []string
	if key == report.Product {
		owner = "inventory-rpc"
	}
	redisAddr := s.Redis[owner]
	if key == report.Product {
		if err := e.copyProducts(ctx, s, d, redisAddr); err != nil {
			return nil, err
		}
		extra = []string{"-product-prefix", floorProductPrefix}
	}
	// A port handed out a moment ago may have been taken since by another
	// process of the machine: then start again on new ports.
	for attempt := 1; ; attempt++ {
		f, err := e.startReadFloorOn(s, owner, redisAddr, extra)
		if err == nil || attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
			return f, err
		}
	}
}

func (e *env) startReadFloorOn(s *suite.Suite, owner, redisAddr string, extra []string) (*readFloor, error) {
	port := make([]int, 4)
	for i := range port {
		p, err := ports.Free()
		if err != nil {
			return nil, err
		}
		port[i] = p
	}
	addr := func(p int) string { return fmt.Sprintf("127.0.0.1:%d", p) }
	bin := filepath.Join(e.binDir, "readfloor")
	rpc := &stack.Process{
		Name: "floor-rpc", Bin: bin, Dir: e.tmp, LogPath: filepath.Join(e.tmp, "floor-rpc.log"),
		Args:     []string{"-role", "rpc", "-listen", addr(port[0]), "-ready", addr(port[1]), "-redis", redisAddr},
		ReadyURL: "http://" + addr(port[1]) + "/",
	}
	api := &stack.Process{
		Name: "floor-api", Bin: bin, Dir: e.tmp, LogPath: filepath.Join(e.tmp, "floor-api.log"),
		Args:     append([]string{"-role", "api", "-listen", addr(port[2]), "-ready", addr(port[3]), "-rpc", addr(port[0]), "-secret", suite.JWTSecret}, extra...),
		ReadyURL: "http://" + addr(port[3]) + "/",
	}
	f := &readFloor{baseURL: "http://" + addr(port[2])}
	for _, p := range []*stack.Process{rpc, api} {
		if err := p.Start(30 * time.Second); err != nil {
			f.stop()
			return nil, err
		}
		f.procs = append(f.procs, p)
	}
	f.meters = []meter{procMeter(api), procMeter(rpc), pidsMeter("redis ×1", s.RedisPid[owner]), selfMeter()}
	return f, nil
}

// copyProducts reads every product through user-api, which caches it, and
// copies the cached JSON to floorProductPrefix without expiry.
func (e *env) copyProducts(ctx context.Context, s *suite.Suite, d *data, redisAddr string) error {
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr})
	defer rdb.Close()
	c := s.NewClient()
	return parallel(ctx, 8, len(d.products), func(ctx context.Context, i int) error {
		id := strconv.FormatInt(d.products[i].ID, 10)
		for range 5 {
			if _, err := c.GetProduct(ctx, d.products[i].ID); err != nil {
				return err
			}
			b, err := rdb.Get(ctx, readfloor.ProductKeyPrefix+id).Bytes()
			if errors.Is(err, redis.Nil) {
				continue // expired in between
			}
			if err != nil {
				return err
			}
			return rdb.Set(ctx, floorProductPrefix+id, b, 0).Err()
		}
		return fmt.Errorf("product %s is never in inventory-rpc's cache", id)
	})
}
