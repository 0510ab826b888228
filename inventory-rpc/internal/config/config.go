package config

import (
	"github.com/zsuite/common/rpcx"
)

type Config struct {
	// The suite's RPC service settings: server, database, cache, readiness, migrations.
	rpcx.Conf
	// DemoCatalogue loads a dozen demo products at start when there are none.
	DemoCatalogue bool `json:",default=false"`
}
