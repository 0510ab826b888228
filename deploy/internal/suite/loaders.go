package suite

// BEGIN make gen: deploy/templates/go/loaders.tmpl
import (
	inventoryrpc "github.com/zsuite/inventory-rpc/configcheck"
	orderrpc "github.com/zsuite/order-rpc/configcheck"
	userapi "github.com/zsuite/user-api/configcheck"
	userrpc "github.com/zsuite/user-rpc/configcheck"
)

// ConfigLoaders load a config file into each service's own config struct, the
// way the service does at start: one for each service of deploy/topology.
var ConfigLoaders = map[string]func(path string) error{
	"user-rpc":      userrpc.Load,
	"inventory-rpc": inventoryrpc.Load,
	"order-rpc":     orderrpc.Load,
	"user-api":      userapi.Load,
}

// END make gen
