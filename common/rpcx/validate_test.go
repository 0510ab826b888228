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
		"a negative server timeout": {Change: func(c *Conf) { c.Timeout = -1 }, Says: "timeout"},
		"no etcd host":              {Change: func(c *Conf) { c.Etcd.Hosts = nil }, Says: "ETCD_HOSTS"},
		"no etcd key":               {Change: func(c *Conf) { c.Etcd.Key = "" }, Says: "ETCD_HOSTS"},
		"no database":               {Change: func(c *Conf) { c.DataSource = "" }, Says: "DATABASE_URL"},
		"an unreadable database":    {Change: func(c *Conf) { c.DataSource = "postgres://u:secret@h:notaport/db" }, Says: "DATABASE_URL"},
		"no Redis":                  {Change: func(c *Conf) { c.Cache = nil }, Says: "REDIS_ADDR"},
		"a Redis without a host":    {Change: func(c *Conf) { c.Cache = cache.CacheConf{{RedisConf: redis.RedisConf{Type: redis.NodeType}}} }, Says: "cache[0]"},
		"readiness without time":    {Change: func(c *Conf) { c.Readiness.Timeout = 0 }, Says: "readiness"},
		"readiness off any port":    {Change: func(c *Conf) { c.Readiness.Port = 70000 }, Says: "READY_PORT"},
	})
	// The password of an unreadable URL is not quoted.
	c := valid
	c.DataSource = "postgres://u:secret@h:notaport/db"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("an unreadable DataSource: %v (must be refused, without its password)", err)
	}
}
