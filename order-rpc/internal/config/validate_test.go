package config

import (
	"testing"
	"time"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/testkit"
)

const shipped = "../../etc/order.yaml"

// A setting that would break order-rpc stops it at start, naming the setting.
func TestLoadRefusesWhatWouldBreakTheService(t *testing.T) {
	var c Config
	if err := confx.Load(shipped, &c); err != nil {
		t.Fatalf("the shipped settings: %v", err)
	}
	testkit.ConfigRefuses(t, func() error {
		var c Config
		return confx.Load(shipped, &c)
	},
		// Orders given up while their reservation is on its way.
		testkit.ConfigCase{Env: "SAGA_PENDING_TIMEOUT", Value: "6s", Says: "SAGA_PENDING_TIMEOUT"},
		testkit.ConfigCase{Env: "SAGA_CALL_TIMEOUT", Value: "0s", Says: "SAGA_CALL_TIMEOUT"},
		testkit.ConfigCase{Env: "SAGA_RECOVERY_INTERVAL", Value: "-1s", Says: "SAGA_RECOVERY_INTERVAL"},
		testkit.ConfigCase{Env: "CATALOGUE_EXPIRY", Value: "0s", Says: "CATALOGUE_EXPIRY"},
		testkit.ConfigCase{Env: "DATABASE_URL", Value: "postgres://u:secret@host:notaport/db", Says: "DATABASE_URL"},
	)
	testkit.ValidateRefuses(t, c, map[string]testkit.Refused[Config]{
		"a negative server timeout":   {Change: func(c *Config) { c.Timeout = -1 }, Says: "timeout"},
		"no Redis":                    {Change: func(c *Config) { c.Cache = nil }, Says: "REDIS_ADDR"},
		"nowhere to register":         {Change: func(c *Config) { c.Etcd.Hosts = nil }, Says: "ETCD_HOSTS"},
		"inventory-rpc unreachable":   {Change: func(c *Config) { c.InventoryRpc.Etcd.Key = "" }, Says: "InventoryRpc"},
		"a lease shorter than a call": {Change: func(c *Config) { c.Saga.Lease = c.Saga.CallTimeout }, Says: "Lease"},
		"an empty recovery batch":     {Change: func(c *Config) { c.Saga.RecoveryBatch = 0 }, Says: "RecoveryBatch"},
		"readiness without time":      {Change: func(c *Config) { c.Readiness.Timeout = 0 }, Says: "readiness"},
		"negative grace":              {Change: func(c *Config) { c.Saga.Grace = -time.Second }, Says: "SAGA_GRACE"},
	})
}
