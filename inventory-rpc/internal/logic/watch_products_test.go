package logic

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/zsuite/common/cachex"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
)

// watchServer serves WatchProducts of one replica over real gRPC.
type watchServer struct {
	inventorypb.UnimplementedInventoryServer
	s *svc.ServiceContext
}

func (w watchServer) WatchProducts(in *inventorypb.WatchProductsReq, stream inventorypb.Inventory_WatchProductsServer) error {
	return NewWatchProductsLogic(stream.Context(), w.s).WatchProducts(in, stream)
}

// serveWatch serves s's WatchProducts on a loopback port, and returns a
// client of it, the server (to be stopped) and its address.
func serveWatch(t *testing.T, s *svc.ServiceContext) (inventorypb.InventoryClient, *grpc.Server, string) {
	t.Helper()
	srv, addr := serveWatchAt(t, s, "127.0.0.1:0")
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return inventorypb.NewInventoryClient(conn), srv, addr
}

// follow starts a mirror of the stocks following client's stream, as
// user-api's copy of the products follows inventory-rpc's.
func follow(t *testing.T, client inventorypb.InventoryClient) *cachex.Mirror[int64] {
	t.Helper()
	m := cachex.NewMirror[int64](cachex.LocalConf{Enabled: true, Expiry: time.Minute, Limit: 1000}, "test")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go m.Follow(ctx, func(ctx context.Context) (cachex.Changes, error) {
		stream, err := client.WatchProducts(ctx, &inventorypb.WatchProductsReq{})
		if err != nil {
			return nil, err
		}
		return cachex.ChangesOf(stream.Recv), nil
	})
	waitLive(t, m, true, 5*time.Second)
	return m
}

func waitLive(t *testing.T, m *cachex.Mirror[int64], live bool, bound time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for m.Live() != live {
		if time.Since(start) > bound {
			t.Fatalf("the mirror's Live is still %v %v later", !live, bound)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// mirroredStock reads a product's stock through m, fetching from s.
func mirroredStock(m *cachex.Mirror[int64], s *svc.ServiceContext, id int64) (int64, bool) {
	v, err := m.Get(id, func() (int64, error) {
		got, ok := readStock(s, id)
		if !ok {
			return 0, context.DeadlineExceeded
		}
		return got, nil
	})
	return v, err == nil
}

// A copy kept in another process (user-api's) follows every change made
// through any replica: the mirror follows replica b's stream, fetches from
// b, and every change through a is seen through it within 100 ms while four
// readers load it; its copies would otherwise live a minute. The copy is
// served without a call once the changes settle.
func TestMirrorSeesEveryChangeWithin100ms(t *testing.T) {
	a, b, _ := newReplicas(t, localConf(time.Minute))
	client, _, _ := serveWatch(t, b)
	m := follow(t, client)
	books := ledger{}
	p := createProduct(t, a, books, "A", 100, 1000)

	took, want := everyChangeSeenWithin100ms(t, a, books, p, func(want int64) bool {
		got, ok := mirroredStock(m, b, p.Id)
		return ok && got == want
	})
	t.Logf("reads through the mirror missed a change for: median %v, max %v", took[len(took)/2], took[len(took)-1])
	checkInvariant(t, a, books)

	// Settled, the copy is served: a change behind every cache's back is not shown.
	time.Sleep(cachex.Settle + 200*time.Millisecond)
	mirroredStock(m, b, p.Id)
	if _, err := a.DB.ExecCtx(bg, "update products set stock = stock + 5 where id = $1", p.Id); err != nil {
		t.Fatal(err)
	}
	if got, _ := mirroredStock(m, b, p.Id); got != want {
		t.Fatalf("settled: stock shown = %d, want the copy's %d", got, want)
	}
}

// The mirror keeps nothing while its owner cannot tell changes: when the
// owner's Redis goes down (its subscription with it), or the stream's server
// goes away, Live turns false at once, every copy is dropped, and it turns
// true again once they are back.
func TestMirrorKeepsNothingWhileTheStreamCannotTell(t *testing.T) {
	a, b, rds := newReplicas(t, localConf(time.Minute))
	client, srv, addr := serveWatch(t, b)
	m := follow(t, client)
	books := ledger{}
	p := createProduct(t, a, books, "A", 100, 10)
	time.Sleep(cachex.Settle)
	mirroredStock(m, b, p.Id)

	rds.Stop()
	t.Logf("Redis down: the mirror stopped keeping copies %v later", waitLive(t, m, false, 3*time.Second))
	if _, err := a.DB.ExecCtx(bg, "update products set stock = 7 where id = $1", p.Id); err != nil {
		t.Fatal(err)
	}
	if got, _ := mirroredStock(m, b, p.Id); got != 7 {
		t.Fatalf("Redis down: stock shown = %d, want 7 (no copy served)", got)
	}
	rds.Start(t)
	t.Logf("Redis back: the mirror keeps copies again %v later", waitLive(t, m, true, 10*time.Second))

	srv.Stop()
	t.Logf("server gone: the mirror stopped keeping copies %v later", waitLive(t, m, false, 3*time.Second))
	serveWatchAt(t, b, addr)
	t.Logf("server back: the mirror keeps copies again %v later", waitLive(t, m, true, 10*time.Second))
}

// serveWatchAt serves s's WatchProducts on addr over real gRPC.
func serveWatchAt(t *testing.T, s *svc.ServiceContext, addr string) (*grpc.Server, string) {
	t.Helper()
	var lis net.Listener
	var err error
	for range 50 { // a port just closed may take a moment to be free
		if lis, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	inventorypb.RegisterInventoryServer(srv, watchServer{s: s})
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return srv, lis.Addr().String()
}
