package svc

import (
	"context"
	"sync"
	"testing"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/inventory-rpc/internal/config"
	"github.com/zsuite/inventory-rpc/internal/model"
	"github.com/zsuite/inventory-rpc/migrations"
	"github.com/zsuite/testkit"
)

// newReplicas gives n service contexts over one fresh database and Redis, as
// n replicas of the service would be.
func newReplicas(t *testing.T, n int, demo bool) []*ServiceContext {
	t.Helper()
	var c config.Config
	c.Mode = "test"
	c.DemoCatalogue = demo
	c.DataSource = testkit.NewDatabase(t, "inventory-rpc", migrations.FS)
	c.Cache = cache.CacheConf{{RedisConf: redis.RedisConf{Host: testkit.NewRedis(t), Type: redis.NodeType}, Weight: 100}}
	out := make([]*ServiceContext, n)
	for i := range out {
		out[i] = NewServiceContext(c)
	}
	return out
}

func countProducts(t *testing.T, s *ServiceContext) int64 {
	t.Helper()
	_, total, err := s.Products.List(context.Background(), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func TestDemoCatalogueLoadsOnceWhenReplicasStartTogether(t *testing.T) {
	replicas := newReplicas(t, 3, true)
	var wg sync.WaitGroup
	errs := make([]error, len(replicas))
	for i, s := range replicas {
		wg.Go(func() { errs[i] = s.LoadDemoCatalogue(context.Background()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := int64(len(demoCatalogue()))
	if n := countProducts(t, replicas[0]); n != want {
		t.Fatalf("%d products after three replicas started, want %d", n, want)
	}
	// A restart loads nothing more.
	if err := replicas[0].LoadDemoCatalogue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countProducts(t, replicas[0]); n != want {
		t.Fatalf("%d products after a restart, want %d", n, want)
	}
}

func TestDemoCatalogueIsRealistic(t *testing.T) {
	products := demoCatalogue()
	if len(products) < 10 {
		t.Fatalf("%d demo products, want about a dozen", len(products))
	}
	names := map[string]bool{}
	for _, p := range products {
		if p.Name == "" || p.PriceCents <= 0 || p.Stock < 50 || p.Stock > 500 || names[p.Name] {
			t.Errorf("demo product %+v", p)
		}
		names[p.Name] = true
	}
}

func TestDemoCatalogueLeavesAnExistingCatalogueAlone(t *testing.T) {
	s := newReplicas(t, 1, true)[0]
	if err := s.Products.Create(context.Background(), &model.Products{Name: "Own product", PriceCents: 1, Stock: 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.LoadDemoCatalogue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countProducts(t, s); n != 1 {
		t.Fatalf("%d products, want the one that was there", n)
	}
}

func TestDemoCatalogueIsOffByDefault(t *testing.T) {
	s := newReplicas(t, 1, false)[0]
	if err := s.LoadDemoCatalogue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countProducts(t, s); n != 0 {
		t.Fatalf("%d products with DemoCatalogue off, want 0", n)
	}
}
