package config

import (
	"github.com/zsuite/common/cachex"
	"github.com/zsuite/common/rpcx"
)

type Config struct {
	// The suite's RPC service settings: server, database, cache, readiness, migrations.
	rpcx.Conf
	// LocalCache keeps the users read in the process, in front of Redis
	// (invalidated over Redis pub/sub on every change; docs/operations.md).
	LocalCache cachex.LocalConf
	// BcryptCost is the work factor of password hashes.
	BcryptCost int `json:",default=10,range=[4:31]"`
	// Admin is seeded at start when it does not exist yet.
	Admin AdminConf
}

// AdminConf names the account seeded with the admin role. In dev and test
// modes the password defaults to admin12345; elsewhere an empty password
// seeds nothing.
type AdminConf struct {
	Username string `json:",optional"`
	Password string `json:",optional"`
}
