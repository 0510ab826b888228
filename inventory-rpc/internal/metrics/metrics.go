// Package metrics holds inventory-rpc's business metrics, registered with
// go-zero's metric package and served on the DevServer's /metrics with
// go-zero's own. The alert rules in deploy/observability/alerts.yaml use them.
package metrics

import "github.com/zeromicro/go-zero/core/metric"

var refused = metric.NewCounterVec(&metric.CounterVecOpts{
	Namespace: "zsuite", Subsystem: "reservations", Name: "refused_total",
	Help:   "Reservations refused, by reason: out_of_stock, not_found, released (a Reserve after its Release).",
	Labels: []string{"reason"},
})

// Refused counts a refused reservation.
func Refused(reason string) { refused.Inc(reason) }

var batchSize = metric.NewHistogramVec(&metric.HistogramVecOpts{
	Namespace: "zsuite", Subsystem: "reservations", Name: "batch_size",
	Help:    "Orders applied by one statement (group commit), by op: reserve, release. 1 when calls do not overlap.",
	Labels:  []string{"op"},
	Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128},
})

// Batch records the size of a batch of reserves or releases.
func Batch(op string, orders int) { batchSize.Observe(int64(orders), op) }
