package catalogue

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/zsuite/inventory-rpc/inventory"
)

// recordingInventory answers GetProducts from a fixed catalogue and records
// the ids each call asked for. Only GetProducts is used by the Catalogue.
type recordingInventory struct {
	inventory.Inventory
	products map[int64]*inventory.Product
	calls    [][]int64
	err      error
}

func (r *recordingInventory) GetProducts(_ context.Context, in *inventory.GetProductsReq, _ ...grpc.CallOption) (*inventory.GetProductsResp, error) {
	r.calls = append(r.calls, slices.Clone(in.Ids))
	if r.err != nil {
		return nil, r.err
	}
	resp := &inventory.GetProductsResp{}
	for _, id := range in.Ids {
		if p, ok := r.products[id]; ok {
			resp.Products = append(resp.Products, p)
		}
	}
	return resp, nil
}

func TestProductsAsksOnlyForWhatItDoesNotHold(t *testing.T) {
	inv := &recordingInventory{products: map[int64]*inventory.Product{
		1: {Id: 1, Name: "one", PriceCents: 100},
		2: {Id: 2, Name: "two", PriceCents: 200},
	}}
	c := New(Config{Expiry: time.Minute, Limit: 10}, inv, time.Second)
	ctx := context.Background()

	got, err := c.Products(ctx, []int64{1, 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[1] != (Product{ID: 1, Name: "one", PriceCents: 100}) {
		t.Fatalf("first lookup: %+v", got)
	}
	// 1 is held now; 3 is unknown and must be asked for again (it may be created).
	inv.products[3] = &inventory.Product{Id: 3, Name: "three", PriceCents: 300}
	got, err = c.Products(ctx, []int64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[2].Name != "two" || got[3].PriceCents != 300 {
		t.Fatalf("second lookup: %+v", got)
	}
	if _, err := c.Products(ctx, []int64{3, 2, 1}); err != nil {
		t.Fatal(err)
	}
	want := [][]int64{{1, 3}, {2, 3}}
	if !slices.EqualFunc(inv.calls, want, slices.Equal[[]int64]) {
		t.Fatalf("calls to inventory-rpc: %v, want %v", inv.calls, want)
	}
}

func TestProductsPassesErrorsOnAndKeepsNothing(t *testing.T) {
	unavailable := errors.New("inventory-rpc is down")
	inv := &recordingInventory{products: map[int64]*inventory.Product{1: {Id: 1, Name: "one"}}, err: unavailable}
	c := New(Config{Expiry: time.Minute, Limit: 10}, inv, time.Second)
	if _, err := c.Products(context.Background(), []int64{1}); !errors.Is(err, unavailable) {
		t.Fatalf("err = %v, want %v", err, unavailable)
	}
	inv.err = nil
	if got, err := c.Products(context.Background(), []int64{1}); err != nil || got[1].Name != "one" {
		t.Fatalf("after recovery: %+v, %v", got, err)
	}
	if len(inv.calls) != 2 {
		t.Fatalf("calls: %v", inv.calls)
	}
}

func TestProductsExpire(t *testing.T) {
	inv := &recordingInventory{products: map[int64]*inventory.Product{1: {Id: 1, Name: "old"}}}
	// A copy ends at its own age, checked on read, not a timer's tick later.
	c := New(Config{Expiry: time.Second, Limit: 10}, inv, time.Second)
	kept := time.Now()
	if _, err := c.Products(context.Background(), []int64{1}); err != nil {
		t.Fatal(err)
	}
	inv.products[1] = &inventory.Product{Id: 1, Name: "new"}
	for {
		got, err := c.Products(context.Background(), []int64{1})
		if err != nil {
			t.Fatal(err)
		}
		if got[1].Name == "new" {
			return
		}
		if age := time.Since(kept); age > time.Second+300*time.Millisecond {
			t.Fatalf("the copy is still served at %v, its expiry is 1s", age)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
