package config

import "errors"

// Validate refuses, when the config is loaded, the settings that would break
// inventory-rpc at run time rather than at start.
func (c Config) Validate() error {
	return errors.Join(c.Conf.Validate(), c.LocalCache.Validate())
}
