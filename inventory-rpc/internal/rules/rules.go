// Package rules holds inventory-rpc's input rules: what a request must be
// before it touches the database. Each answers nil or an INVALID_ARGUMENT
// *errx.Error with a message safe to show a client.
package rules

import (
	"strings"
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
	if strings.TrimSpace(in.Name) == "" || utf8.RuneCountInString(in.Name) > MaxNameRunes {
		return invalid("name must be 1 to %d characters and not blank", MaxNameRunes)
	}
	if utf8.RuneCountInString(in.Description) > MaxDescriptionRunes {
		return invalid("description must be at most %d characters", MaxDescriptionRunes)
	}
	if !storable(in.Name) || !storable(in.Description) {
		return invalid("name and description must be UTF-8 text without NUL characters")
	}
	if err := bounds.Amount("price_cents", in.PriceCents); err != nil {
		return err
	}
	return bounds.Amount("stock", in.Stock)
}

// storable reports whether Postgres can keep s in a text column.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// StockAdjustment checks an AdjustStock request. A delta of 0 is allowed.
func StockAdjustment(in *inventorypb.AdjustStockReq) error {
	if err := ID("product_id", in.ProductId); err != nil {
		return err
	}
	if in.Delta < -MaxAmount || in.Delta > MaxAmount {
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
