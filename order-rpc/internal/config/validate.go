package config

import (
	"errors"

	"github.com/zsuite/common/confx"
)

// Validate refuses, when the config is loaded, the settings that would break
// order-rpc at run time rather than at start.
func (c Config) Validate() error {
	return errors.Join(
		c.Conf.Validate(),
		confx.RPCClient("InventoryRpc", c.InventoryRpc),
		c.Catalogue.Validate(),
		c.Saga.Validate(),
	)
}
