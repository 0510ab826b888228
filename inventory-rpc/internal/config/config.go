package config

import (
	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/rpcx"
)

type Config struct {
	// The suite's RPC service settings: server, database, cache, readiness, migrations.
	rpcx.Conf
	// LocalCache keeps the products read in the process, in front of Redis
	// (invalidated over Redis pub/sub on every change; docs/operations.md).
	LocalCache cachex.LocalConf
	// DemoCatalogue loads a dozen demo products at start when there are none.
	DemoCatalogue bool `json:",default=false"`
}
