package main

import (
	"context"
	"fmt"
	"os"

	"github.com/zsuite/bench/internal/proc"
	"github.com/zsuite/bench/internal/report"
	"github.com/zsuite/bench/internal/suite"
	"github.com/zsuite/testkit/stack"
)

// meter reads one process's (or group's) CPU time, and its memory when it
// is a single process.
type meter struct {
	name string
	cpu  func() (float64, error)
	rss  func() (int64, error) // nil for groups
}

func procMeter(p *stack.Process) meter {
	return meter{
		name: p.Name,
		cpu: func() (float64, error) {
			s, err := proc.Read(p.Pid())
			return s.CPUSeconds, err
		},
		rss: func() (int64, error) {
			s, err := proc.Read(p.Pid())
			return s.RSSBytes, err
		},
	}
}

// pidsMeter sums the CPU time of processes.
func pidsMeter(name string, pids ...int) meter {
	return meter{name: name, cpu: func() (float64, error) {
		total := 0.0
		for _, pid := range pids {
			s, err := proc.Read(pid)
			if err != nil {
				return 0, err
			}
			total += s.CPUSeconds
		}
		return total, nil
	}}
}

// postgresMeter is a Postgres server with all its backends.
func (e *env) postgresMeter(ctx context.Context, service, name string) (meter, bool) {
	pid, err := e.postmaster(ctx, service)
	if err != nil {
		logf("not measuring the %s Postgres: %v", service, err)
		return meter{}, false
	}
	return meter{name: name, cpu: func() (float64, error) { return proc.TreeCPU(pid) }}, true
}

// selfMeter is the harness itself: vegeta, the load generator.
func selfMeter() meter {
	return pidsMeter(report.LoadGenerator+" (vegeta)", os.Getpid())
}

// childrenMeter is the CPU time of the harness's children that have exited
// and been waited for: the pgbench processes of a write floor (the services
// and Redis servers are children too, but live until the end).
func childrenMeter(name string) meter {
	return meter{name: name, cpu: func() (float64, error) { return proc.ExitedChildrenCPU(os.Getpid()) }}
}

// suiteMeters are the suite's services, its Redis servers, the Postgres
// servers of the orders and the load generator.
func (e *env) suiteMeters(ctx context.Context, s *suite.Suite) []meter {
	var ms []meter
	var redisPids []int
	for _, name := range serviceOrder(s) {
		ms = append(ms, procMeter(s.Procs[name]))
		redisPids = append(redisPids, s.RedisPid[name])
	}
	ms = append(ms, pidsMeter(fmt.Sprintf("redis ×%d", len(redisPids)), redisPids...))
	for _, pg := range []struct{ svc, name string }{{"order-rpc", "postgres (orders)"}, {"inventory-rpc", "postgres (inventory)"}} {
		if m, ok := e.postgresMeter(ctx, pg.svc, pg.name); ok {
			ms = append(ms, m)
		}
	}
	return append(ms, selfMeter())
}

type reading struct {
	cpu float64
	rss int64
}

func readMeters(ms []meter) ([]reading, error) {
	out := make([]reading, len(ms))
	for i, m := range ms {
		cpu, err := m.cpu()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.name, err)
		}
		out[i].cpu = cpu
		if m.rss != nil {
			if out[i].rss, err = m.rss(); err != nil {
				return nil, fmt.Errorf("%s: %w", m.name, err)
			}
		}
	}
	return out, nil
}
