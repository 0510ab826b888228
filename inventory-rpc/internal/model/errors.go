package model

import (
	"errors"
	"fmt"
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
