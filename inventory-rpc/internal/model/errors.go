package model

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"
)

// The outcomes of a stock change that are answers, not failures. They come
// wrapped in a *ProductError that names the product, except ErrReleased.
var (
	// ErrOutOfStock: a product has less stock than a reservation line asks for.
	ErrOutOfStock = errors.New("not enough stock")
	// ErrStockOutOfRange: an adjustment would take the stock below zero or
	// above MaxStock.
	ErrStockOutOfRange = errors.New("stock would leave its range")
	// ErrReleased: the order was released before, so it may not reserve.
	ErrReleased = errors.New("order was released")
)

// ProductError says which product stopped a stock change and why: Err is
// ErrNotFound, ErrOutOfStock or ErrStockOutOfRange.
type ProductError struct {
	ProductID int64
	Err       error
}

func (e *ProductError) Error() string { return fmt.Sprintf("product %d: %v", e.ProductID, e.Err) }

func (e *ProductError) Unwrap() error { return e.Err }

// The SQLSTATEs the reserve function raises for its refusals (migration
// 0002_reserve_function.sql); the product's id is the error's DETAIL.
const (
	sqlstateUnknownProduct = "ZI001"
	sqlstateOutOfStock     = "ZI002"
	sqlstateReleased       = "ZI003"
)

// reserveRefusal returns the answer above that err, raised by the reserve
// function, stands for, or nil when err is no such refusal.
func reserveRefusal(err error) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return nil
	}
	var cause error
	switch pgErr.Code {
	case sqlstateReleased:
		return ErrReleased
	case sqlstateUnknownProduct:
		cause = ErrNotFound
	case sqlstateOutOfStock:
		cause = ErrOutOfStock
	default:
		return nil
	}
	id, perr := strconv.ParseInt(pgErr.Detail, 10, 64)
	if perr != nil {
		return nil // not raised by reserve: a failure after all
	}
	return &ProductError{ProductID: id, Err: cause}
}
