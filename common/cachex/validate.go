package cachex

import "fmt"

// Validate refuses a local cache that is on but keeps copies for no time.
func (c LocalConf) Validate() error {
	if c.Enabled && c.Expiry <= 0 {
		return fmt.Errorf("localCache.Expiry (LOCAL_CACHE_EXPIRY) is %v: more than 0 when the local cache is on", c.Expiry)
	}
	return nil
}
