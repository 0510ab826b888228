package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// targets makes the requests of each scenario. Targeters are called by many
// vegeta workers at once.
type targets struct {
	run      string
	tokens   []string
	products []int64
	hot      int64
	next     atomic.Uint64 // round-robin over tokens
	keys     atomic.Uint64 // Idempotency-Keys, unique over the run
}

func newTargets(run string, d *data) *targets {
	t := &targets{run: run, tokens: d.tokens, hot: d.hot.ID}
	for _, p := range d.products {
		t.products = append(t.products, p.ID)
	}
	return t
}

func (t *targets) token() string {
	return t.tokens[t.next.Add(1)%uint64(len(t.tokens))]
}

// me: the caller's profile, with one of the users' tokens.
func (t *targets) me(baseURL string) vegeta.Targeter {
	url := baseURL + "/v1/users/me"
	return func(tgt *vegeta.Target) error {
		tgt.Method, tgt.URL = http.MethodGet, url
		tgt.Header = http.Header{"Authorization": {"Bearer " + t.token()}}
		return nil
	}
}

// product: one product of the catalogue, at random.
func (t *targets) product(baseURL string) vegeta.Targeter {
	return func(tgt *vegeta.Target) error {
		tgt.Method = http.MethodGet
		tgt.URL = baseURL + "/v1/products/" + strconv.FormatInt(t.products[rand.IntN(len(t.products))], 10)
		tgt.Header = nil
		return nil
	}
}

// order: one unit of a random product, or of the hot one, under a new
// Idempotency-Key, as one of the users.
func (t *targets) order(baseURL string, hot bool) vegeta.Targeter {
	return t.orderOf(baseURL, func() int64 {
		if hot {
			return t.hot
		}
		return t.products[rand.IntN(len(t.products))]
	}, 0)
}

// orderOf orders one unit of what product returns; after n orders (n > 0) it
// runs out of targets, which ends the attack.
func (t *targets) orderOf(baseURL string, product func() int64, n int64) vegeta.Targeter {
	url := baseURL + "/v1/orders"
	var sent atomic.Int64
	return func(tgt *vegeta.Target) error {
		if n > 0 && sent.Add(1) > n {
			return vegeta.ErrNoTargets
		}
		tgt.Method, tgt.URL = http.MethodPost, url
		tgt.Body = []byte(fmt.Sprintf(`{"items":[{"productId":%d,"quantity":1}]}`, product()))
		tgt.Header = http.Header{
			"Authorization":   {"Bearer " + t.token()},
			"Content-Type":    {"application/json"},
			"Idempotency-Key": {fmt.Sprintf("b%s-%d", t.run, t.keys.Add(1))},
		}
		return nil
	}
}
