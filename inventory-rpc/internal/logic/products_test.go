package logic

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

func TestCreateProductThenGetIt(t *testing.T) {
	s := newService(t)
	p := createProduct(t, s, nil, "Ceramic Mug", 1200, 40)
	if p.Id <= 0 || p.Name != "Ceramic Mug" || p.Description != "about Ceramic Mug" ||
		p.PriceCents != 1200 || p.Stock != 40 || p.CreatedAt == 0 {
		t.Fatalf("created product = %+v", p)
	}
	out, err := NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{Ids: []int64{p.Id}})
	if err != nil || len(out.Products) != 1 || out.Products[0].String() != p.String() {
		t.Fatalf("GetProducts = %+v, %v; want %+v", out, err, p)
	}
}

func TestCreateProductValidatesAndChangesNothing(t *testing.T) {
	s := newService(t)
	createProduct(t, s, nil, "Existing", 100, 1)
	for what, in := range map[string]*inventorypb.CreateProductReq{
		"blank name":       {Name: "   ", PriceCents: 1, Stock: 1},
		"long name":        {Name: strings.Repeat("x", 201), PriceCents: 1, Stock: 1},
		"long description": {Name: "Mug", Description: strings.Repeat("x", 2001), PriceCents: 1, Stock: 1},
		"negative price":   {Name: "Mug", PriceCents: -1, Stock: 1},
		"negative stock":   {Name: "Mug", PriceCents: 1, Stock: -1},
		"NUL in name":      {Name: "Mu\x00g", PriceCents: 1, Stock: 1},
	} {
		unchanged(t, s, "CreateProduct "+what, func() error {
			_, err := NewCreateProductLogic(bg, s).CreateProduct(in)
			return err
		}, errx.InvalidArgument)
	}
	// The limits themselves are allowed: 200 characters of name, 2000 of description.
	_, err := NewCreateProductLogic(bg, s).CreateProduct(&inventorypb.CreateProductReq{
		Name: strings.Repeat("ü", 200), Description: strings.Repeat("ß", 2000),
	})
	if err != nil {
		t.Fatalf("product at the limits: %v", err)
	}
}

func TestListProductsPagesInIDOrder(t *testing.T) {
	s := newService(t)
	var ids []int64
	for i := range 5 {
		ids = append(ids, createProduct(t, s, nil, fmt.Sprintf("Product %d", i), int64(100*i), 10).Id)
	}
	list := func(page, size int64) ([]int64, int64) {
		t.Helper()
		out, err := NewListProductsLogic(bg, s).ListProducts(&inventorypb.ListProductsReq{Page: page, PageSize: size})
		if err != nil {
			t.Fatalf("ListProducts(%d, %d): %v", page, size, err)
		}
		var got []int64
		for _, p := range out.Items {
			got = append(got, p.Id)
		}
		return got, out.Total
	}
	for _, tc := range []struct {
		page, size int64
		want       []int64
	}{
		{1, 2, ids[0:2]}, {2, 2, ids[2:4]}, {3, 2, ids[4:5]}, {4, 2, nil}, {1, 100, ids},
	} {
		got, total := list(tc.page, tc.size)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || total != 5 {
			t.Errorf("page %d of %d = %v (total %d), want %v (total 5)", tc.page, tc.size, got, total, tc.want)
		}
	}
	for _, in := range []*inventorypb.ListProductsReq{
		{Page: 0, PageSize: 10}, {Page: -1, PageSize: 10}, {Page: 1, PageSize: 0}, {Page: 1, PageSize: 101},
	} {
		_, err := NewListProductsLogic(bg, s).ListProducts(in)
		wantCode(t, fmt.Sprintf("ListProducts(%v)", in), err, errx.InvalidArgument)
	}
}

func TestGetProductsKeepsOrderAndSkipsUnknown(t *testing.T) {
	s := newService(t)
	a := createProduct(t, s, nil, "A", 1, 1)
	b := createProduct(t, s, nil, "B", 2, 2)
	out, err := NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{Ids: []int64{b.Id, 999999, a.Id, b.Id, 0, -4}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Products) != 2 || out.Products[0].Id != b.Id || out.Products[1].Id != a.Id {
		t.Fatalf("GetProducts = %+v", out.Products)
	}
	empty, err := NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{})
	if err != nil || len(empty.Products) != 0 {
		t.Fatalf("GetProducts() = %+v, %v", empty, err)
	}
	_, err = NewGetProductsLogic(bg, s).GetProducts(&inventorypb.GetProductsReq{Ids: make([]int64, 101)})
	wantCode(t, "GetProducts of 101 ids", err, errx.InvalidArgument)
}

func TestAdjustStock(t *testing.T) {
	s := newService(t)
	books := ledger{}
	p := createProduct(t, s, books, "Kettle", 4500, 10)

	if got := adjust(t, s, books, p.Id, 5); got.Stock != 15 || got.Name != "Kettle" {
		t.Fatalf("after +5: %+v", got)
	}
	if got := adjust(t, s, books, p.Id, -15); got.Stock != 0 {
		t.Fatalf("after -15: %+v", got)
	}
	if got := adjust(t, s, books, p.Id, 0); got.Stock != 0 {
		t.Fatalf("after 0: %+v", got)
	}
	adjust(t, s, books, p.Id, 3)

	call := func(id, delta int64) func() error {
		return func() error {
			_, err := NewAdjustStockLogic(bg, s).AdjustStock(&inventorypb.AdjustStockReq{ProductId: id, Delta: delta})
			return err
		}
	}
	unchanged(t, s, "AdjustStock to -1", call(p.Id, -4), errx.Conflict)
	unchanged(t, s, "AdjustStock to 2^53", call(p.Id, 1<<53-3), errx.Conflict)
	unchanged(t, s, "AdjustStock of an unknown product", call(p.Id+100, 1), errx.NotFound)
	unchanged(t, s, "AdjustStock of product 0", call(0, 1), errx.InvalidArgument)
	unchanged(t, s, "AdjustStock by more than 2^53", call(p.Id, 1<<53), errx.InvalidArgument)
	if n := stock(t, s, p.Id); n != 3 {
		t.Fatalf("stock = %d, want 3", n)
	}
	checkInvariant(t, s, books)
}
