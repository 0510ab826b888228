package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zsuite/bench/internal/suite"
)

// build compiles the services, the read floor, the peer and the migrate
// command.
func (e *env) build() error {
	t := time.Now()
	if err := suite.Build(e.binDir); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(e.binDir, "migrate"), "./common/cmd/migrate")
	cmd.Dir = e.root
	cmd.Env = without(os.Environ(), "GOWORK")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the migrate command: %v\n%s", err, out)
	}
	cmd = exec.Command("go", "build", "-o", filepath.Join(e.binDir, "readfloor"), "./cmd/readfloor")
	cmd.Dir = filepath.Join(e.root, "bench")
	cmd.Env = append(without(os.Environ(), "GOWORK"), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the read floor: %v\n%s", err, out)
	}
	if err := e.buildPeer(); err != nil {
		return err
	}
	logf("built the services, the read floor, the peer and migrate in %.1fs", time.Since(t).Seconds())
	return nil
}

func without(env []string, name string) []string {
	out := env[:0:0]
	for _, e := range env {
		if !strings.HasPrefix(e, name+"=") {
			out = append(out, e)
		}
	}
	return out
}

// data is what a run prepares through user-api.
type data struct {
	admin    string
	tokens   []string
	products []suite.Product
	hot      suite.Product
}

const benchPassword = "bench-password-0123"

// prepare registers the users and logs them in, and creates the products and
// the hot product, through user-api like any client.
func (e *env) prepare(ctx context.Context, s *suite.Suite, run string) (*data, error) {
	t := time.Now()
	c := s.NewClient()
	admin, err := c.Login(ctx, "admin", "admin12345")
	if err != nil {
		return nil, fmt.Errorf("log in as admin: %w", err)
	}
	d := &data{admin: admin, tokens: make([]string, e.o.users), products: make([]suite.Product, e.o.products)}
	err = parallel(ctx, 4, e.o.users, func(ctx context.Context, i int) error {
		name := fmt.Sprintf("bench_%s_%d", run, i)
		if err := c.Register(ctx, name, benchPassword); err != nil {
			return err
		}
		tok, err := c.Login(ctx, name, benchPassword)
		d.tokens[i] = tok
		return err
	})
	if err != nil {
		return nil, err
	}
	err = parallel(ctx, 8, e.o.products, func(ctx context.Context, i int) error {
		p, err := c.CreateProduct(ctx, admin, fmt.Sprintf("Bench product %04d", i), 100+int64(i%5000), e.o.productStock)
		d.products[i] = p
		return err
	})
	if err != nil {
		return nil, err
	}
	if d.hot, err = c.CreateProduct(ctx, admin, "Bench hot product", 999, e.o.hotStock); err != nil {
		return nil, err
	}
	logf("prepared %d users, %d products and the hot product in %.1fs", e.o.users, e.o.products, time.Since(t).Seconds())
	return d, nil
}

// parallel runs f(0..n-1) on workers goroutines and returns the first error.
func parallel(ctx context.Context, workers, n int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  = make(chan int)
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(next)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}
