package types

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-rpc/rules"
)

// go-zero's httpx.Parse calls Validate on a request type that has it, and the
// handler answers 400 INVALID_ARGUMENT with its message. Every request type
// with a field has one: nothing a client sends crosses into a service
// unchecked (a string protobuf cannot encode would fail the RPC itself). The
// rules of user-rpc live with it; user-api checks them to answer without a hop.

// The limits of the contract (user.api).
const (
	MaxID          = bounds.MaxID // ids and amounts: what a JavaScript client reads exactly
	MaxPage        = bounds.MaxPage
	MaxPageSize    = bounds.MaxPageSize
	MaxItems       = 20
	MaxQuantity    = 1000
	MaxKeyLen      = 64
	MaxNameRunes   = 200
	MaxDescRunes   = 2000
	MaxStockChange = MaxID
)

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
	if len(r.IdempotencyKey) == 0 || len(r.IdempotencyKey) > MaxKeyLen || strings.IndexFunc(r.IdempotencyKey, func(c rune) bool {
		return (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '_' && c != '-'
	}) >= 0 {
		return invalid("Idempotency-Key must be 1 to %d characters of letters, digits, '_' and '-'", MaxKeyLen)
	}
	if len(r.Items) == 0 || len(r.Items) > MaxItems {
		return invalid("an order has 1 to %d items", MaxItems)
	}
	seen := make(map[int64]bool, len(r.Items))
	for i, it := range r.Items {
		if err := id(fmt.Sprintf("items[%d].productId", i), it.ProductId); err != nil {
			return err
		}
		if it.Quantity < 1 || it.Quantity > MaxQuantity {
			return invalid("items[%d].quantity must be 1 to %d", i, MaxQuantity)
		}
		if seen[it.ProductId] {
			return invalid("product %d appears twice", it.ProductId)
		}
		seen[it.ProductId] = true
	}
	return nil
}

func (r *CreateProductReq) Validate() error {
	if err := text("name", r.Name, 1, MaxNameRunes); err != nil {
		return err
	}
	if strings.TrimSpace(r.Name) == "" {
		return invalid("name must not be blank")
	}
	// Descriptions may run over lines.
	if err := text("description", strings.NewReplacer("\n", "", "\r", "", "\t", "").Replace(r.Description), 0, MaxDescRunes); err != nil {
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
	if r.Delta < -MaxStockChange || r.Delta > MaxStockChange {
		return invalid("delta must be between -(2^53-1) and 2^53-1")
	}
	return nil
}
