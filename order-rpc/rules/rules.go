// Package rules holds order-rpc's input rules for an order: its
// Idempotency-Key and its items. order-rpc enforces them; the BFF calls them
// too, to answer a bad request without a hop, so the two never disagree.
// Each answers nil or an INVALID_ARGUMENT *errx.Error with a message safe to
// show a client, naming the field as the public API does.
package rules

import (
	"strconv"
	"strings"

	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
)

// Limits of one order.
const (
	MaxItems    = 20
	MaxQuantity = 1000
	MaxKeyLen   = 64
)

// Item is one requested line.
type Item struct {
	ProductID int64
	Quantity  int64
}

// Order checks an order request: its Idempotency-Key and its items.
func Order(key string, items []Item) error {
	if err := IdempotencyKey(key); err != nil {
		return err
	}
	return Items(items)
}

// IdempotencyKey checks a key: 1 to 64 of [A-Za-z0-9_-].
func IdempotencyKey(key string) error {
	if len(key) == 0 || len(key) > MaxKeyLen || strings.IndexFunc(key, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '_' && r != '-'
	}) >= 0 {
		return errx.Newf(errx.InvalidArgument, "Idempotency-Key must be 1 to %d characters of letters, digits, '_' and '-'", MaxKeyLen)
	}
	return nil
}

// Items checks an order's items: 1 to 20, each a product id below 2^53 and a
// quantity of 1 to 1000, no product twice.
func Items(items []Item) error {
	if len(items) == 0 || len(items) > MaxItems {
		return errx.Newf(errx.InvalidArgument, "an order has 1 to %d items", MaxItems)
	}
	seen := make(map[int64]bool, len(items))
	for i, it := range items {
		if err := bounds.ID(field(i, "productId"), it.ProductID); err != nil {
			return err
		}
		if it.Quantity < 1 || it.Quantity > MaxQuantity {
			return errx.Newf(errx.InvalidArgument, "%s must be 1 to %d", field(i, "quantity"), MaxQuantity)
		}
		if seen[it.ProductID] {
			return errx.Newf(errx.InvalidArgument, "product %d appears twice", it.ProductID)
		}
		seen[it.ProductID] = true
	}
	return nil
}

func field(i int, name string) string {
	return "items[" + strconv.Itoa(i) + "]." + name
}
