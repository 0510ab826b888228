package suite

import (
	inventoryrpc "github.com/zsuite/inventory-rpc/configcheck"
	orderrpc "github.com/zsuite/order-rpc/configcheck"
	userapi "github.com/zsuite/user-api/configcheck"
	userrpc "github.com/zsuite/user-rpc/configcheck"
)

// ConfigLoaders load a config file into each service's own config struct, the
// way the service does at start. A new service adds its configcheck here.
var ConfigLoaders = map[string]func(path string) error{
	"user-api":      userapi.Load,
	"user-rpc":      userrpc.Load,
	"order-rpc":     orderrpc.Load,
	"inventory-rpc": inventoryrpc.Load,
}
