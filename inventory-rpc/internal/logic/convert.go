package logic

import (
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

func toProduct(p *model.Products) *inventorypb.Product {
	return &inventorypb.Product{
		Id:          p.Id,
		Name:        p.Name,
		Description: p.Description,
		PriceCents:  p.PriceCents,
		Stock:       p.Stock,
		CreatedAt:   p.CreatedAt.Unix(),
	}
}
