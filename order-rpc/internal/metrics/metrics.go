// Package metrics holds order-rpc's business metrics: what go-zero's own
// request metrics cannot know. They are registered with go-zero's metric
// package and served with go-zero's on the DevServer's /metrics. The alert
// rules in deploy/observability/alerts.yaml use them.
package metrics

import (
	"strings"

	"github.com/zeromicro/go-zero/core/metric"
)

var (
	settled = metric.NewCounterVec(&metric.CounterVecOpts{
		Namespace: "zsuite", Subsystem: "orders", Name: "settled_total",
		Help:   "Orders that reached an outcome: confirmed, rejected (code: why) or cancelled.",
		Labels: []string{"outcome", "code"},
	})
	backlog = metric.NewGaugeVec(&metric.GaugeVecOpts{
		Namespace: "zsuite", Subsystem: "saga", Name: "orders",
		Help:   "Orders the saga has not finished, by status (pending, cancelling), as of the last count.",
		Labels: []string{"status"},
	})
	oldest = metric.NewGaugeVec(&metric.GaugeVecOpts{
		Namespace: "zsuite", Subsystem: "saga", Name: "oldest_order_age_seconds",
		Help:   "How long the oldest unfinished order has been in its status (0 when none), by status.",
		Labels: []string{"status"},
	})
	attempts = metric.NewCounterVec(&metric.CounterVecOpts{
		Namespace: "zsuite", Subsystem: "saga", Name: "recovery_attempts_total",
		Help:   "Orders the recovery loop claimed and tried to finish, by status.",
		Labels: []string{"status"},
	})
	failures = metric.NewCounterVec(&metric.CounterVecOpts{
		Namespace: "zsuite", Subsystem: "saga", Name: "recovery_failures_total",
		Help:   "Recovery attempts that left the order unfinished (to be tried again), by status.",
		Labels: []string{"status"},
	})
	cache = metric.NewCounterVec(&metric.CounterVecOpts{
		Namespace: "zsuite", Subsystem: "cache", Name: "requests_total",
		Help:   "Lookups in an in-process cache, by cache and result (hit, miss).",
		Labels: []string{"cache", "result"},
	})
)

// Settled counts an order that moved to status (CONFIRMED, REJECTED,
// CANCELLED); code is the reject code, empty otherwise.
func Settled(status, code string) { settled.Inc(strings.ToLower(status), code) }

// Backlog records how many orders are in status and how old the oldest is.
func Backlog(status string, count int64, oldestSeconds float64) {
	backlog.Set(float64(count), strings.ToLower(status))
	oldest.Set(oldestSeconds, strings.ToLower(status))
}

// RecoveryAttempt counts the recovery loop's try at an order in status, and
// whether it failed.
func RecoveryAttempt(status string, failed bool) {
	attempts.Inc(strings.ToLower(status))
	if failed {
		failures.Inc(strings.ToLower(status))
	}
}

// CacheLookups counts hits and misses of the named cache.
func CacheLookups(name string, hits, misses int) {
	if hits > 0 {
		cache.Add(float64(hits), name, "hit")
	}
	if misses > 0 {
		cache.Add(float64(misses), name, "miss")
	}
}
