// Package rules holds inventory-rpc's input rules: what a request must be
// before it touches the database. Each answers nil or an INVALID_ARGUMENT
// *errx.Error with a message safe to show a client.
package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

// The limits.
const (
	// MaxIDs bounds the ids of one GetProducts call.
	MaxIDs = 100
	// MaxLines bounds the lines of one Reserve.
	MaxLines = 100
	// MaxNameRunes and MaxDescriptionRunes bound a product's texts, in characters.
	MaxNameRunes        = 200
	MaxDescriptionRunes = 2000
	// MaxAmount bounds prices, stock and quantities (bounds.MaxAmount).
	MaxAmount = bounds.MaxAmount
)

func invalid(format string, args ...any) error {
	return errx.Newf(errx.InvalidArgument, format, args...)
}

// Page checks a ListProducts request and returns the rows to skip.
func Page(in *inventorypb.ListProductsReq) (offset int64, err error) {
	return bounds.Page(in.Page, in.PageSize)
}

// ProductIDs checks a GetProducts request. Ids that name no product are not
// an error: they are left out of the answer.
func ProductIDs(in *inventorypb.GetProductsReq) error {
	if len(in.Ids) > MaxIDs {
		return invalid("at most %d ids at once", MaxIDs)
	}
	return nil
}

// NewProduct checks a CreateProduct request.
func NewProduct(in *inventorypb.CreateProductReq) error {
	if err := Name(in.Name); err != nil {
		return err
	}
	if err := Description(in.Description); err != nil {
		return err
	}
	if err := bounds.Amount("price_cents", in.PriceCents); err != nil {
		return err
	}
	return bounds.Amount("stock", in.Stock)
}

// Name checks a product's name: 1 to 200 characters of UTF-8 text, not
// blank, without control characters (a name is one line).
func Name(s string) error {
	if err := text("name", s, MaxNameRunes, noControl); err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		return invalid("name must not be blank")
	}
	return nil
}

// Description checks a product's description: at most 2000 characters of
// UTF-8 text, every character counted (line breaks too, as Postgres and a
// client count them), without control characters other than line breaks and
// tabs.
func Description(s string) error {
	return text("description", s, MaxDescriptionRunes, func(r rune) bool {
		return r != '\n' && r != '\r' && r != '\t' && unicode.IsControl(r)
	})
}

func noControl(r rune) bool { return unicode.IsControl(r) }

// text checks a text field: valid UTF-8 (Postgres keeps nothing else), no
// rune refused, at most max characters.
func text(field, s string, max int, refused func(rune) bool) error {
	if !utf8.ValidString(s) {
		return invalid("%s must be valid UTF-8", field)
	}
	if strings.IndexFunc(s, refused) >= 0 {
		return invalid("%s must not contain control characters", field)
	}
	if utf8.RuneCountInString(s) > max {
		return invalid("%s must be at most %d characters", field, max)
	}
	return nil
}

// StockAdjustment checks an AdjustStock request. A delta of 0 is allowed.
func StockAdjustment(in *inventorypb.AdjustStockReq) error {
	if err := ID("product_id", in.ProductId); err != nil {
		return err
	}
	return Delta(in.Delta)
}

// Delta checks a change of stock: -(2^53-1) to 2^53-1, 0 included.
func Delta(d int64) error {
	if d < -MaxAmount || d > MaxAmount {
		return invalid("delta must be between -(2^53-1) and 2^53-1")
	}
	return nil
}

// Reservation checks a Reserve request: a positive order id, 1 to MaxLines
// lines, each with a positive quantity and a product no other line names.
func Reservation(in *inventorypb.ReserveReq) error {
	if err := ID("order_id", in.OrderId); err != nil {
		return err
	}
	if len(in.Lines) == 0 || len(in.Lines) > MaxLines {
		return invalid("an order reserves 1 to %d lines", MaxLines)
	}
	seen := make(map[int64]bool, len(in.Lines))
	for _, l := range in.Lines {
		id, qty := l.GetProductId(), l.GetQuantity()
		if err := ID("product_id", id); err != nil {
			return err
		}
		if qty < 1 || qty > MaxAmount {
			return invalid("quantity of product %d must be 1 to 2^53-1", id)
		}
		if seen[id] {
			return invalid("product %d is on more than one line", id)
		}
		seen[id] = true
	}
	return nil
}

// ID checks that the id named field is positive and below 2^53.
func ID(field string, id int64) error { return bounds.ID(field, id) }
