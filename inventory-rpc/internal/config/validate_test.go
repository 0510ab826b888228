package config

import (
	"testing"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/testkit"
)

// A setting that would break inventory-rpc stops it at start, naming the setting.
func TestLoadRefusesWhatWouldBreakTheService(t *testing.T) {
	testkit.ConfigRefuses(t, func() error { var c Config; return confx.Load("../../etc/inventory.yaml", &c) },
		testkit.ConfigCase{Env: "LOCAL_CACHE_EXPIRY", Value: "0s", Says: "LOCAL_CACHE_EXPIRY"},
		testkit.ConfigCase{Env: "DATABASE_URL", Value: "postgres://u:secret@host:notaport/db", Says: "DATABASE_URL"},
		testkit.ConfigCase{Env: "REDIS_ADDR", Value: " ", Says: "REDIS_ADDR"}, // no Redis
	)
}
