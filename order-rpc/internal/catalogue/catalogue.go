// Package catalogue keeps order-rpc's copy of the product names and prices
// orders are priced with, so that placing an order does not ask inventory-rpc
// for them each time.
package catalogue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/zsuite/inventory-rpc/inventory"
	"github.com/zsuite/order-rpc/internal/metrics"
)

// Config tunes the copy.
type Config struct {
	// Expiry is how long a product's name and price are kept. inventory-rpc
	// has no call that changes them today; the expiry bounds how long a
	// change would go unseen if one is added.
	Expiry time.Duration `json:",default=10m"`
	// Limit is how many products are kept at most (least recently used go first).
	Limit int `json:",default=100000"`
}

// Validate refuses a catalogue that keeps nothing: no expiry or no room.
func (c Config) Validate() error {
	var errs []error
	if c.Expiry <= 0 {
		errs = append(errs, fmt.Errorf("catalogue.Expiry (CATALOGUE_EXPIRY) is %v: more than 0", c.Expiry))
	}
	if c.Limit < 1 {
		errs = append(errs, fmt.Errorf("catalogue.Limit is %d: at least 1", c.Limit))
	}
	return errors.Join(errs...)
}

// Product is what an order line copies from the catalogue.
type Product struct {
	ID         int64
	Name       string
	PriceCents int64
}

// Catalogue answers from its copy and asks inventory-rpc only for the
// products it does not hold. Unknown products are not remembered: one may be
// created the next moment.
type Catalogue struct {
	inventory inventory.Inventory
	timeout   time.Duration
	// cache expires each product by its own age, checked on read
	// (hashicorp/golang-lru's expirable LRU, as the other local caches: go-zero's
	// collection.Cache could keep an entry past its expiry when a Set raced
	// its timer).
	cache *expirable.LRU[int64, Product]
}

// New returns a Catalogue over inventory-rpc; timeout bounds each call.
func New(c Config, inv inventory.Inventory, timeout time.Duration) *Catalogue {
	return &Catalogue{inventory: inv, timeout: timeout, cache: expirable.NewLRU[int64, Product](c.Limit, nil, c.Expiry)}
}

// Products returns the products of ids that exist, by id.
func (c *Catalogue) Products(ctx context.Context, ids []int64) (map[int64]Product, error) {
	found := make(map[int64]Product, len(ids))
	var missing []int64
	for _, id := range ids {
		if p, ok := c.cache.Get(id); ok {
			found[id] = p
		} else {
			missing = append(missing, id)
		}
	}
	metrics.CacheLookups("catalogue", len(found), len(missing))
	if len(missing) == 0 {
		return found, nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.inventory.GetProducts(ctx, &inventory.GetProductsReq{Ids: missing})
	if err != nil {
		return nil, err
	}
	for _, p := range resp.Products {
		product := Product{ID: p.Id, Name: p.Name, PriceCents: p.PriceCents}
		c.cache.Add(p.Id, product)
		found[p.Id] = product
	}
	return found, nil
}
