package types

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
	inventoryrules "github.com/zsuite/inventory-rpc/rules"
	orderrules "github.com/zsuite/order-rpc/rules"
	"github.com/zsuite/user-rpc/rules"
)

// go-zero's httpx.Parse calls Validate on a request type that has it, and the
// handler answers 400 INVALID_ARGUMENT with its message. Every request type
// with a field has one: nothing a client sends crosses into a service
// unchecked (a string protobuf cannot encode would fail the RPC itself). Each
// rule has one home, the service that owns the data (user-rpc/rules,
// order-rpc/rules, inventory-rpc/rules, and common/bounds for ids, pages and
// amounts); user-api calls it to answer without a hop.

func invalid(format string, args ...any) error {
	return errx.Newf(errx.InvalidArgument, format, args...)
}

// text checks a string field: valid UTF-8, no control characters, at most
// max characters (and at least min).
func text(field, s string, min, max int) error {
	if !utf8.ValidString(s) {
		return invalid("%s must be valid UTF-8", field)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return invalid("%s must not contain control characters", field)
	}
	if n := utf8.RuneCountInString(s); n < min || n > max {
		if min > 0 {
			return invalid("%s must be %d to %d characters", field, min, max)
		}
		return invalid("%s must be at most %d characters", field, max)
	}
	return nil
}

func id(field string, v int64) error { return bounds.ID(field, v) }

func page(p, size int64) error {
	_, err := bounds.Page(p, size)
	return err
}

func (r *RegisterReq) Validate() error {
	if err := rules.Username(r.Username); err != nil {
		return err
	}
	if err := rules.Password(r.Password); err != nil {
		return err
	}
	return rules.Email(r.Email)
}

// Validate refuses what can be no account's credentials. A well-formed
// username of no account and a wrong password are 401, not 400 (login.go).
func (r *LoginReq) Validate() error {
	if err := text("username", r.Username, 1, 64); err != nil {
		return err
	}
	return text("password", r.Password, 1, rules.MaxPasswordBytes)
}

func (r *ListProductsReq) Validate() error { return page(r.Page, r.PageSize) }

func (r *ListOrdersReq) Validate() error { return page(r.Page, r.PageSize) }

func (r *ProductReq) Validate() error { return id("id", r.Id) }

func (r *OrderReq) Validate() error { return id("id", r.Id) }

func (r *CreateOrderReq) Validate() error {
	items := make([]orderrules.Item, len(r.Items))
	for i, it := range r.Items {
		items[i] = orderrules.Item{ProductID: it.ProductId, Quantity: it.Quantity}
	}
	return orderrules.Order(r.IdempotencyKey, items)
}

func (r *CreateProductReq) Validate() error {
	if err := inventoryrules.Name(r.Name); err != nil {
		return err
	}
	if err := inventoryrules.Description(r.Description); err != nil {
		return err
	}
	if err := bounds.Amount("priceCents", r.PriceCents); err != nil {
		return err
	}
	return bounds.Amount("stock", r.Stock)
}

func (r *AdjustStockReq) Validate() error {
	if err := id("id", r.Id); err != nil {
		return err
	}
	return inventoryrules.Delta(r.Delta)
}
