package config

import (
	"strings"
	"testing"
	"time"

	"github.com/zsuite/common/confx"
)

const shipped = "../../etc/order.yaml"

// A setting that would break order-rpc stops it at start, naming the setting.
func TestLoadRefusesWhatWouldBreakTheService(t *testing.T) {
	var c Config
	if err := confx.Load(shipped, &c); err != nil {
		t.Fatalf("the shipped settings: %v", err)
	}
	for name, tc := range map[string]struct {
		env, value, says string
	}{
		"orders given up while their reservation is on its way": {"SAGA_PENDING_TIMEOUT", "6s", "SAGA_PENDING_TIMEOUT"},
		"calls without time":             {"SAGA_CALL_TIMEOUT", "0s", "SAGA_CALL_TIMEOUT"},
		"a recovery loop that spins":     {"SAGA_RECOVERY_INTERVAL", "-1s", "SAGA_RECOVERY_INTERVAL"},
		"a catalogue that keeps none":    {"CATALOGUE_EXPIRY", "0s", "CATALOGUE_EXPIRY"},
		"a database URL pgx cannot read": {"DATABASE_URL", "postgres://u:secret@host:notaport/db", "DATABASE_URL"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			var c Config
			err := confx.Load(shipped, &c)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("%s=%s: %v, want an error naming %s", tc.env, tc.value, err, tc.says)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the database password: %v", err)
			}
		})
	}
	for name, tc := range map[string]struct {
		change func(*Config)
		says   string
	}{
		"a negative server timeout":   {func(c *Config) { c.Timeout = -1 }, "timeout"},
		"no Redis":                    {func(c *Config) { c.Cache = nil }, "REDIS_ADDR"},
		"nowhere to register":         {func(c *Config) { c.Etcd.Hosts = nil }, "ETCD_HOSTS"},
		"inventory-rpc unreachable":   {func(c *Config) { c.InventoryRpc.Etcd.Key = "" }, "InventoryRpc"},
		"a lease shorter than a call": {func(c *Config) { c.Saga.Lease = c.Saga.CallTimeout }, "Lease"},
		"an empty recovery batch":     {func(c *Config) { c.Saga.RecoveryBatch = 0 }, "RecoveryBatch"},
		"readiness without time":      {func(c *Config) { c.Readiness.Timeout = 0 }, "readiness"},
		"negative grace":              {func(c *Config) { c.Saga.Grace = -time.Second }, "SAGA_GRACE"},
	} {
		d := c
		tc.change(&d)
		if err := d.Validate(); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error naming %s", name, err, tc.says)
		}
	}
}
