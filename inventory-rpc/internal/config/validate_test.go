package config

import (
	"strings"
	"testing"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/testkit"
)

// A setting that would break inventory-rpc stops it at start, naming the setting.
func TestLoadRefusesWhatWouldBreakTheService(t *testing.T) {
	load := func() error {
		var c Config
		return confx.Load("../../etc/inventory.yaml", &c)
	}
	testkit.ConfigRefuses(t, load,
		testkit.ConfigCase{Env: "LOCAL_CACHE_EXPIRY", Value: "0s", Says: "LOCAL_CACHE_EXPIRY"},
		testkit.ConfigCase{Env: "DATABASE_URL", Value: "postgres://u:secret@host:notaport/db", Says: "DATABASE_URL"},
	)
	var c Config
	if err := confx.Load("../../etc/inventory.yaml", &c); err != nil {
		t.Fatal(err)
	}
	c.Cache = nil
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "REDIS_ADDR") {
		t.Errorf("no Redis: %v, want an error naming REDIS_ADDR", err)
	}
}
