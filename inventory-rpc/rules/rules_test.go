package rules

import (
	"strings"
	"testing"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

func wantInvalid(t *testing.T, what string, err error) {
	t.Helper()
	if !errx.Is(err, errx.InvalidArgument) {
		t.Errorf("%s = %v, want INVALID_ARGUMENT", what, err)
	}
}

func TestPage(t *testing.T) {
	for _, tc := range []struct {
		page, size, offset int64
	}{{1, 1, 0}, {1, 100, 0}, {3, 20, 40}} {
		offset, err := Page(&inventorypb.ListProductsReq{Page: tc.page, PageSize: tc.size})
		if err != nil || offset != tc.offset {
			t.Errorf("Page(%d, %d) = %d, %v, want %d", tc.page, tc.size, offset, err, tc.offset)
		}
	}
	for _, in := range []*inventorypb.ListProductsReq{
		{Page: 0, PageSize: 10}, {Page: -1, PageSize: 10}, {Page: 1, PageSize: 0},
		{Page: 1, PageSize: 101}, {Page: 1, PageSize: -5}, {Page: 1 << 62, PageSize: 100},
	} {
		_, err := Page(in)
		wantInvalid(t, "Page("+in.String()+")", err)
	}
}

func TestProductIDs(t *testing.T) {
	if err := ProductIDs(&inventorypb.GetProductsReq{Ids: make([]int64, MaxIDs)}); err != nil {
		t.Errorf("%d ids: %v", MaxIDs, err)
	}
	wantInvalid(t, "101 ids", ProductIDs(&inventorypb.GetProductsReq{Ids: make([]int64, MaxIDs+1)}))
}

func TestNewProduct(t *testing.T) {
	ok := []*inventorypb.CreateProductReq{
		{Name: "Mug", PriceCents: 0, Stock: 0},
		{Name: strings.Repeat("é", MaxNameRunes), Description: strings.Repeat("ü", MaxDescriptionRunes), PriceCents: MaxAmount, Stock: MaxAmount},
	}
	for _, in := range ok {
		if err := NewProduct(in); err != nil {
			t.Errorf("NewProduct(%.40s) = %v", in.String(), err)
		}
	}
	bad := map[string]*inventorypb.CreateProductReq{
		"empty name":       {Name: ""},
		"blank name":       {Name: " \t\n"},
		"long name":        {Name: strings.Repeat("a", MaxNameRunes+1)},
		"long description": {Name: "Mug", Description: strings.Repeat("a", MaxDescriptionRunes+1)},
		"NUL in name":      {Name: "Mu\x00g"},
		"NUL in desc":      {Name: "Mug", Description: "a\x00"},
		"invalid UTF-8":    {Name: "Mug\xff"},
		"negative price":   {Name: "Mug", PriceCents: -1},
		"price above 2^53": {Name: "Mug", PriceCents: MaxAmount + 1},
		"negative stock":   {Name: "Mug", Stock: -1},
		"stock above 2^53": {Name: "Mug", Stock: MaxAmount + 1},
	}
	for what, in := range bad {
		wantInvalid(t, what, NewProduct(in))
	}
}

func TestStockAdjustment(t *testing.T) {
	for _, d := range []int64{0, 1, -1, MaxAmount, -MaxAmount} {
		if err := StockAdjustment(&inventorypb.AdjustStockReq{ProductId: 1, Delta: d}); err != nil {
			t.Errorf("delta %d: %v", d, err)
		}
	}
	wantInvalid(t, "product 0", StockAdjustment(&inventorypb.AdjustStockReq{ProductId: 0, Delta: 1}))
	wantInvalid(t, "delta too big", StockAdjustment(&inventorypb.AdjustStockReq{ProductId: 1, Delta: MaxAmount + 1}))
	wantInvalid(t, "delta too small", StockAdjustment(&inventorypb.AdjustStockReq{ProductId: 1, Delta: -MaxAmount - 1}))
}

func TestReservation(t *testing.T) {
	line := func(id, qty int64) *inventorypb.ReserveLine {
		return &inventorypb.ReserveLine{ProductId: id, Quantity: qty}
	}
	good := &inventorypb.ReserveReq{OrderId: 7, Lines: []*inventorypb.ReserveLine{line(2, 1), line(1, 5)}}
	if err := Reservation(good); err != nil {
		t.Fatalf("Reservation(good) = %v", err)
	}
	tooMany := &inventorypb.ReserveReq{OrderId: 7}
	for i := range MaxLines + 1 {
		tooMany.Lines = append(tooMany.Lines, line(int64(i+1), 1))
	}
	bad := map[string]*inventorypb.ReserveReq{
		"order 0":          {OrderId: 0, Lines: good.Lines},
		"negative order":   {OrderId: -3, Lines: good.Lines},
		"no lines":         {OrderId: 7},
		"too many lines":   tooMany,
		"zero quantity":    {OrderId: 7, Lines: []*inventorypb.ReserveLine{line(1, 0)}},
		"negative qty":     {OrderId: 7, Lines: []*inventorypb.ReserveLine{line(1, -2)}},
		"product 0":        {OrderId: 7, Lines: []*inventorypb.ReserveLine{line(0, 1)}},
		"nil line":         {OrderId: 7, Lines: []*inventorypb.ReserveLine{nil}},
		"product twice":    {OrderId: 7, Lines: []*inventorypb.ReserveLine{line(1, 1), line(2, 1), line(1, 3)}},
		"quantity too big": {OrderId: 7, Lines: []*inventorypb.ReserveLine{line(1, MaxAmount+1)}},
	}
	for what, in := range bad {
		wantInvalid(t, what, Reservation(in))
	}
}
