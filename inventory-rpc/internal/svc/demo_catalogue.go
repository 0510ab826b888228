package svc

import (
	"context"
	"fmt"

	"github.com/zeromicro/go-zero/core/logx"

	"github.com/zsuite/inventory-rpc/internal/model"
)

// demoCatalogue is what a local stack sells: a small coffee shop.
func demoCatalogue() []*model.Products {
	return []*model.Products{
		{Name: "Espresso Beans, 1 kg", Description: "Dark roast, notes of cocoa and hazelnut.", PriceCents: 2490, Stock: 300},
		{Name: "Filter Coffee, 250 g", Description: "Light roast from Ethiopia, ground for pour-over.", PriceCents: 990, Stock: 500},
		{Name: "Decaf Beans, 500 g", Description: "Swiss water process, medium roast.", PriceCents: 1450, Stock: 120},
		{Name: "Ceramic Mug", Description: "350 ml stoneware mug, dishwasher safe.", PriceCents: 1200, Stock: 250},
		{Name: "Travel Tumbler", Description: "Insulated steel, keeps coffee hot for six hours.", PriceCents: 2900, Stock: 150},
		{Name: "Pour-Over Dripper", Description: "Porcelain cone dripper for one or two cups.", PriceCents: 2200, Stock: 80},
		{Name: "Paper Filters, 100 pack", Description: "Unbleached filters that fit the pour-over dripper.", PriceCents: 590, Stock: 400},
		{Name: "Hand Grinder", Description: "Conical steel burrs, 40 grind settings.", PriceCents: 6900, Stock: 60},
		{Name: "French Press", Description: "One litre glass carafe with a steel plunger.", PriceCents: 3400, Stock: 90},
		{Name: "Milk Frother", Description: "Battery-powered whisk for foamed milk.", PriceCents: 1590, Stock: 200},
		{Name: "Gooseneck Kettle", Description: "Stovetop kettle with a thermometer in the lid.", PriceCents: 4500, Stock: 50},
		{Name: "Coffee Scale", Description: "Weighs to 0.1 g with a built-in timer.", PriceCents: 3900, Stock: 75},
	}
}

// LoadDemoCatalogue inserts the demo catalogue when Config.DemoCatalogue is
// set and there are no products yet. Replicas starting at once load it once.
func (s *ServiceContext) LoadDemoCatalogue(ctx context.Context) error {
	if !s.Config.DemoCatalogue {
		return nil
	}
	products := demoCatalogue()
	loaded, err := s.Products.SeedIfEmpty(ctx, products)
	if err != nil {
		return fmt.Errorf("load the demo catalogue: %w", err)
	}
	if loaded {
		logx.Infof("loaded the demo catalogue: %d products", len(products))
	}
	return nil
}
