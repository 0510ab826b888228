package types

import (
	"strings"
	"testing"

	"github.com/zsuite/inventory-rpc/inventorypb"
	inventoryrules "github.com/zsuite/inventory-rpc/rules"
	orderrules "github.com/zsuite/order-rpc/rules"
)

// The BFF answers a bad request without a hop, by the rules of the service
// that owns the data. Wherever the two disagreed, one input would be refused
// by one layer and taken by the other: a 400 the service never gives, or a
// request the BFF lets through for the service to refuse (or worse, to keep).
// These tables hold the edges of every rule; each must get the same verdict
// from both layers.

func TestProductRulesAgreeWithInventoryRPC(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ü", n) }
	for name, in := range map[string]CreateProductReq{
		"plain":                            {Name: "Mug", Description: "A mug.", PriceCents: 1, Stock: 1},
		"longest name":                     {Name: long(inventoryrules.MaxNameRunes)},
		"name one too long":                {Name: long(inventoryrules.MaxNameRunes + 1)},
		"blank name":                       {Name: " \t "},
		"control character in name":        {Name: "Mu\x07g"},
		"newline in name":                  {Name: "Mu\ng"},
		"longest description":              {Name: "Mug", Description: long(inventoryrules.MaxDescriptionRunes)},
		"description one too long":         {Name: "Mug", Description: long(inventoryrules.MaxDescriptionRunes + 1)},
		"longest description over lines":   {Name: "Mug", Description: long(inventoryrules.MaxDescriptionRunes-2) + "\r\n"},
		"description over lines too long":  {Name: "Mug", Description: long(inventoryrules.MaxDescriptionRunes-1) + "\r\n"},
		"tabs and newlines in description": {Name: "Mug", Description: "a\tb\nc\r\nd"},
		"NUL in description":               {Name: "Mug", Description: "a\x00b"},
		"bell in description":              {Name: "Mug", Description: "a\x07b"},
		"invalid UTF-8 in description":     {Name: "Mug", Description: "a\xffb"},
	} {
		bff := in.Validate()
		svc := inventoryrules.NewProduct(&inventorypb.CreateProductReq{
			Name: in.Name, Description: in.Description, PriceCents: in.PriceCents, Stock: in.Stock,
		})
		if (bff == nil) != (svc == nil) {
			t.Errorf("%s: user-api says %v, inventory-rpc says %v", name, bff, svc)
		}
	}
}

func TestOrderRulesAgreeWithOrderRPC(t *testing.T) {
	items := func(n int, qty int64) []OrderItemReq {
		its := make([]OrderItemReq, n)
		for i := range its {
			its[i] = OrderItemReq{ProductId: int64(i + 1), Quantity: qty}
		}
		return its
	}
	for name, in := range map[string]CreateOrderReq{
		"plain":              {IdempotencyKey: "k-1", Items: items(1, 1)},
		"most items":         {IdempotencyKey: "k", Items: items(orderrules.MaxItems, 1)},
		"one item too many":  {IdempotencyKey: "k", Items: items(orderrules.MaxItems+1, 1)},
		"no items":           {IdempotencyKey: "k"},
		"largest quantity":   {IdempotencyKey: "k", Items: items(1, orderrules.MaxQuantity)},
		"quantity too large": {IdempotencyKey: "k", Items: items(1, orderrules.MaxQuantity+1)},
		"zero quantity":      {IdempotencyKey: "k", Items: items(1, 0)},
		"product twice":      {IdempotencyKey: "k", Items: []OrderItemReq{{1, 1}, {1, 2}}},
		"product 0":          {IdempotencyKey: "k", Items: []OrderItemReq{{0, 1}}},
		"product 2^53":       {IdempotencyKey: "k", Items: []OrderItemReq{{1 << 53, 1}}},
		"longest key":        {IdempotencyKey: strings.Repeat("k", orderrules.MaxKeyLen), Items: items(1, 1)},
		"key too long":       {IdempotencyKey: strings.Repeat("k", orderrules.MaxKeyLen+1), Items: items(1, 1)},
		"empty key":          {Items: items(1, 1)},
		"key with a dot":     {IdempotencyKey: "a.b", Items: items(1, 1)},
	} {
		bff := in.Validate()
		its := make([]orderrules.Item, len(in.Items))
		for i, it := range in.Items {
			its[i] = orderrules.Item{ProductID: it.ProductId, Quantity: it.Quantity}
		}
		svc := orderrules.Order(in.IdempotencyKey, its)
		if (bff == nil) != (svc == nil) {
			t.Errorf("%s: user-api says %v, order-rpc says %v", name, bff, svc)
		}
		if bff != nil && svc != nil && bff.Error() != svc.Error() {
			t.Errorf("%s: user-api says %q, order-rpc says %q: one rule, one message", name, bff, svc)
		}
	}
}
