package health

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/stores/postgres"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zsuite/testkit"
)

// Readiness must follow the dependencies: ready while they answer, not ready
// (503, naming the failing one) while any is unreachable.
func TestReadinessFollowsDependencies(t *testing.T) {
	rds := testkit.NewRedisServer(t)
	addr, stopRedis := rds.Addr, rds.Stop
	dsn := testkit.NewDatabase(t, "user-rpc", nil)
	etcdHosts, _ := testkit.Etcd(t)
	etcd, closeEtcd, err := Etcd(etcdHosts)
	if err != nil {
		t.Fatal(err)
	}
	defer closeEtcd()
	deadEtcd, closeDead, err := Etcd([]string{"127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	defer closeDead()

	checks := map[string]Check{
		"postgres": Postgres(postgres.New(dsn)),
		"redis":    Redis(redis.MustNewRedis(redis.RedisConf{Host: addr, Type: redis.NodeType})),
		"etcd":     etcd,
	}
	serve := func(c *Checker) (int, map[string]any) {
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("readiness body %q: %v", rec.Body.String(), err)
		}
		return rec.Code, body
	}

	if code, body := serve(NewChecker(time.Second, checks)); code != http.StatusOK {
		t.Fatalf("all up: %d %v", code, body)
	}

	stopRedis()
	code, body := serve(NewChecker(time.Second, checks))
	failing, _ := body["failing"].(map[string]any)
	if code != http.StatusServiceUnavailable || failing["redis"] == nil || len(failing) != 1 {
		t.Fatalf("redis down: %d %v", code, body)
	}

	checks["postgres"] = Postgres(postgres.New(strings.Replace(dsn, "127.0.0.1:"+testkit.Port(t, "USER_PG_PORT"), "127.0.0.1:1", 1)))
	checks["etcd"] = deadEtcd
	start := time.Now()
	code, body = serve(NewChecker(500*time.Millisecond, checks))
	failing, _ = body["failing"].(map[string]any)
	if code != http.StatusServiceUnavailable || len(failing) != 3 {
		t.Fatalf("all down: %d %v", code, body)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatalf("readiness took %v with every dependency down; checks must run at once, within the timeout", time.Since(start))
	}
}
