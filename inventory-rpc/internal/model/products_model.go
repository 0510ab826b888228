package model

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"

	"github.com/zsuite/common/bounds"
)

var _ ProductsModel = (*customProductsModel)(nil)

// MaxStock is the most stock a product may hold (bounds.MaxAmount).
const MaxStock = bounds.MaxAmount

// seedLockID is the transaction-scoped advisory lock SeedIfEmpty takes, so
// that replicas starting at once seed the catalogue once.
const seedLockID = 7_362_041_116

type (
	// ProductsModel is an interface to be customized, add more methods here,
	// and implement the added methods in customProductsModel.
	ProductsModel interface {
		productsModel
		// List returns the products of one page in id order, and how many
		// products there are in all.
		List(ctx context.Context, limit, offset int64) ([]*Products, int64, error)
		// Create inserts a product and fills in its id and timestamps.
		Create(ctx context.Context, data *Products) error
		// AdjustStock adds delta to a product's stock in one conditional
		// update and returns the product as it is after it. A *ProductError
		// with ErrNotFound for an unknown product, or ErrStockOutOfRange,
		// changing nothing, when the stock would leave [0, MaxStock].
		AdjustStock(ctx context.Context, id, delta int64) (*Products, error)
		// SeedIfEmpty inserts products when the table holds none, and says
		// whether it did. Safe when several processes call it at once.
		SeedIfEmpty(ctx context.Context, products []*Products) (bool, error)
	}

	customProductsModel struct {
		*defaultProductsModel
	}
)

// NewProductsModel returns a model for the database table.
func NewProductsModel(conn sqlx.SqlConn, c cache.Cache) ProductsModel {
	return &customProductsModel{
		defaultProductsModel: newProductsModel(conn, c),
	}
}

// productCacheKey is the key FindOne caches product id under.
func productCacheKey(id int64) string {
	return fmt.Sprintf("%s%v", cachePublicProductsIdPrefix, id)
}

// ProductIDs returns the ids of the products among cache keys (those
// productCacheKey makes), in order; other keys are left out.
func ProductIDs(keys []string) []int64 {
	var ids []int64
	for _, k := range keys {
		rest, ok := strings.CutPrefix(k, cachePublicProductsIdPrefix)
		if !ok {
			continue
		}
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

func (m *customProductsModel) List(ctx context.Context, limit, offset int64) ([]*Products, int64, error) {
	var total int64
	if err := m.QueryRowNoCacheCtx(ctx, &total, fmt.Sprintf("select count(*) from %s", m.table)); err != nil {
		return nil, 0, fmt.Errorf("count products: %w", err)
	}
	var page []*Products
	query := fmt.Sprintf("select %s from %s order by id limit $1 offset $2", productsRows, m.table)
	if err := m.QueryRowsNoCacheCtx(ctx, &page, query, limit, offset); err != nil {
		return nil, 0, fmt.Errorf("list products: %w", err)
	}
	return page, total, nil
}

func (m *customProductsModel) Create(ctx context.Context, data *Products) error {
	query := fmt.Sprintf(`insert into %s (name, description, price_cents, stock)
		values ($1, $2, $3, $4) returning %s`, m.table, productsRows)
	if err := m.QueryRowNoCacheCtx(ctx, data, query, data.Name, data.Description, data.PriceCents, data.Stock); err != nil {
		return err
	}
	// A lookup of this id before it existed left a not-found placeholder.
	return dropCached(ctx, m.CachedConn, productCacheKey(data.Id))
}

func (m *customProductsModel) AdjustStock(ctx context.Context, id, delta int64) (*Products, error) {
	var p Products
	query := fmt.Sprintf(`update %s set stock = stock + $2, updated_at = now()
		where id = $1 and stock + $2 between 0 and $3 returning %s`, m.table, productsRows)
	err := m.QueryRowNoCacheCtx(ctx, &p, query, id, delta, MaxStock)
	if errors.Is(err, ErrNotFound) {
		return nil, m.whyNotUpdated(ctx, id, ErrStockOutOfRange)
	}
	if err != nil {
		return nil, fmt.Errorf("adjust stock of product %d: %w", id, err)
	}
	// The change is committed (one statement): drop the cached copy.
	if err := dropCached(ctx, m.CachedConn, productCacheKey(id)); err != nil {
		return nil, err
	}
	return &p, nil
}

// whyNotUpdated tells a conditional update that matched no row of an unknown
// product (ErrNotFound) from one whose condition failed (cause).
func (m *customProductsModel) whyNotUpdated(ctx context.Context, id int64, cause error) error {
	exists, err := productExists(ctx, m.QueryRowNoCacheCtx, id)
	if err != nil {
		return err
	}
	if !exists {
		return &ProductError{ProductID: id, Err: ErrNotFound}
	}
	return &ProductError{ProductID: id, Err: cause}
}

// queryRowFn is the QueryRowCtx of a connection or of a transaction.
type queryRowFn func(ctx context.Context, v any, query string, args ...any) error

func productExists(ctx context.Context, queryRow queryRowFn, id int64) (bool, error) {
	var exists bool
	if err := queryRow(ctx, &exists, `select exists (select 1 from "public"."products" where id = $1)`, id); err != nil {
		return false, fmt.Errorf("look up product %d: %w", id, err)
	}
	return exists, nil
}

func (m *customProductsModel) SeedIfEmpty(ctx context.Context, products []*Products) (bool, error) {
	var keys []string
	err := m.TransactCtx(ctx, func(ctx context.Context, s sqlx.Session) error {
		// A second replica waits here until the first commits, then sees its rows.
		if _, err := s.ExecCtx(ctx, "select pg_advisory_xact_lock($1)", seedLockID); err != nil {
			return fmt.Errorf("take the seed lock: %w", err)
		}
		var found bool
		if err := s.QueryRowCtx(ctx, &found, fmt.Sprintf("select exists (select 1 from %s)", m.table)); err != nil {
			return fmt.Errorf("look for products: %w", err)
		}
		if found {
			return nil
		}
		query := fmt.Sprintf(`insert into %s (name, description, price_cents, stock)
			values ($1, $2, $3, $4) returning %s`, m.table, productsRows)
		for _, p := range products {
			if err := s.QueryRowCtx(ctx, p, query, p.Name, p.Description, p.PriceCents, p.Stock); err != nil {
				return fmt.Errorf("insert product %q: %w", p.Name, err)
			}
			keys = append(keys, productCacheKey(p.Id))
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return len(keys) > 0, dropCached(ctx, m.CachedConn, keys...)
}
