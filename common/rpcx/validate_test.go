package rpcx

import (
	"strings"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/health"
	"github.com/zsuite/testkit"
)

// The shared settings of an RPC service: a sound Conf passes, and each
// setting that would break the service at run time is refused by name.
func TestConfValidate(t *testing.T) {
	valid := Conf{
		RpcServerConf: zrpc.RpcServerConf{
			ServiceConf: service.ServiceConf{Name: "pay.rpc", Mode: service.DevMode},
			ListenOn:    "127.0.0.1:9010",
			Etcd:        discov.EtcdConf{Hosts: []string{"127.0.0.1:2379"}, Key: "pay.rpc"},
			Timeout:     2000,
		},
		DataSource: "postgres://zsuite@127.0.0.1:5440/pay?sslmode=disable",
		Cache:      cache.CacheConf{{RedisConf: redis.RedisConf{Host: "127.0.0.1:6390", Type: redis.NodeType}, Weight: 100}},
		Readiness:  health.Config{Host: "127.0.0.1", Port: 6075, Path: "/readyz", Timeout: time.Second},
	}
	if err := valid.Validate(); err != nil {
		t.Fatalf("a sound config: %v", err)
	}
	testkit.ValidateRefuses(t, valid, map[string]testkit.Refused[Conf]{
		"a negative server timeout": {func(c *Conf) { c.Timeout = -1 }, "timeout"},
		"no etcd host":              {func(c *Conf) { c.Etcd.Hosts = nil }, "ETCD_HOSTS"},
		"no etcd key":               {func(c *Conf) { c.Etcd.Key = "" }, "ETCD_HOSTS"},
		"no database":               {func(c *Conf) { c.DataSource = "" }, "DATABASE_URL"},
		"an unreadable database":    {func(c *Conf) { c.DataSource = "postgres://u:secret@h:notaport/db" }, "DATABASE_URL"},
		"no Redis":                  {func(c *Conf) { c.Cache = nil }, "REDIS_ADDR"},
		"a Redis without a host":    {func(c *Conf) { c.Cache = cache.CacheConf{{RedisConf: redis.RedisConf{Type: redis.NodeType}}} }, "cache[0]"},
		"readiness without time":    {func(c *Conf) { c.Readiness.Timeout = 0 }, "readiness"},
		"readiness off any port":    {func(c *Conf) { c.Readiness.Port = 70000 }, "READY_PORT"},
	})
	// The password of an unreadable URL is not quoted.
	c := valid
	c.DataSource = "postgres://u:secret@h:notaport/db"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("an unreadable DataSource: %v (must be refused, without its password)", err)
	}
}
