// Package present shapes what the RPC services return into the JSON types of
// user-api's contract.
package present

import (
	"time"

	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/order-rpc/orderpb"
	"github.com/zsuite/user-api/internal/types"
	"github.com/zsuite/user-rpc/userpb"
)

// Time formats unix seconds as RFC 3339 in UTC.
func Time(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }

func User(u *userpb.UserInfo) types.User {
	return types.User{Id: u.Id, Username: u.Username, Email: u.Email, Role: u.Role, CreatedAt: Time(u.CreatedAt)}
}

func Product(p *inventorypb.Product) types.Product {
	return types.Product{Id: p.Id, Name: p.Name, Description: p.Description, PriceCents: p.PriceCents, Stock: p.Stock}
}

func Products(ps []*inventorypb.Product) []types.Product {
	out := make([]types.Product, len(ps))
	for i, p := range ps {
		out[i] = Product(p)
	}
	return out
}

func Order(o *orderpb.OrderInfo) types.Order {
	items := make([]types.OrderItem, len(o.Items))
	for i, l := range o.Items {
		items[i] = types.OrderItem{ProductId: l.ProductId, Name: l.Name, PriceCents: l.PriceCents, Quantity: l.Quantity}
	}
	return types.Order{Id: o.Id, Status: o.Status, TotalCents: o.TotalCents, Items: items, CreatedAt: Time(o.CreatedAt)}
}

func Orders(os []*orderpb.OrderInfo) []types.Order {
	out := make([]types.Order, len(os))
	for i, o := range os {
		out[i] = Order(o)
	}
	return out
}
