// Package configcheck loads a config file the way order-rpc does at start, so
// that deploy tests and operators can check a ConfigMap without starting it.
package configcheck

import (
	"github.com/zsuite/common/confx"
	"github.com/zsuite/order-rpc/internal/config"
)

// Load reads the file at path, with its ${NAME:-default} references expanded
// from the environment, into order-rpc's config and reports any error.
func Load(path string) error {
	var c config.Config
	return confx.Load(path, &c)
}
