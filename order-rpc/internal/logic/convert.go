package logic

import (
	"context"
	"errors"
	"fmt"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/order-rpc/internal/model"
	"github.com/zsuite/order-rpc/internal/saga"
	"github.com/zsuite/order-rpc/internal/svc"
	"github.com/zsuite/order-rpc/orderpb"
)

func toOrderInfo(o *model.Orders, lines []*model.OrderLines) *orderpb.OrderInfo {
	out := &orderpb.OrderInfo{
		Id:         o.Id,
		UserId:     o.UserId,
		Status:     saga.Shown(o.Status),
		TotalCents: o.TotalCents,
		CreatedAt:  o.CreatedAt.Unix(),
		Items:      make([]*orderpb.OrderLine, 0, len(lines)),
	}
	for _, l := range lines {
		out.Items = append(out.Items, &orderpb.OrderLine{
			ProductId: l.ProductId, Name: l.Name, PriceCents: l.PriceCents, Quantity: l.Quantity,
		})
	}
	return out
}

// withLines loads o's lines and converts it.
func withLines(ctx context.Context, s *svc.ServiceContext, o *model.Orders) (*orderpb.OrderInfo, error) {
	lines, err := s.Orders.Lines(ctx, []int64{o.Id})
	if err != nil {
		return nil, err
	}
	return toOrderInfo(o, lines[o.Id]), nil
}

// findOwned returns the user's order, or NOT_FOUND when there is no such
// order or it belongs to someone else: the two must look the same.
func findOwned(ctx context.Context, s *svc.ServiceContext, userID, id int64) (*model.Orders, error) {
	if userID <= 0 || id <= 0 {
		return nil, errx.New(errx.NotFound, "order not found")
	}
	o, err := s.Orders.FindOne(ctx, id)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return nil, errx.New(errx.NotFound, "order not found")
	case err != nil:
		return nil, fmt.Errorf("find order %d: %w", id, err)
	case o.UserId != userID:
		return nil, errx.New(errx.NotFound, "order not found")
	}
	return o, nil
}
