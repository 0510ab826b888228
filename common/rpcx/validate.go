package rpcx

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Validate refuses, when the config is loaded (go-zero's conf calls the
// Validate of a service's Config, which embeds Conf), the shared settings
// that would break an RPC service at run time rather than at start: a
// negative server timeout (every call would end at once), a DataSource pgx
// cannot read, no Redis, a readiness check without time to answer, no etcd to
// register in. A service whose Config has its own Validate calls this one.
func (c Conf) Validate() error {
	var errs []error
	if err := c.RpcServerConf.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("timeout is %d ms: 0 (none: every caller sends its deadline) or more", c.Timeout))
	}
	if len(c.Etcd.Hosts) == 0 || c.Etcd.Key == "" {
		errs = append(errs, errors.New("etcd (ETCD_HOSTS, ETCD_KEY_PREFIX): hosts and a key are needed, the service registers there"))
	}
	if c.DataSource == "" {
		errs = append(errs, errors.New("DataSource (DATABASE_URL) is empty"))
	} else if _, err := pgx.ParseConfig(c.DataSource); err != nil {
		// pgx's message may quote the URL, password included: say only where.
		errs = append(errs, errors.New("DataSource (DATABASE_URL) is not a Postgres URL or keyword/value string pgx can read"))
	}
	if len(c.Cache) == 0 {
		errs = append(errs, errors.New("cache (REDIS_ADDR) names no Redis"))
	}
	for i, node := range c.Cache {
		if node.Host == "" {
			errs = append(errs, fmt.Errorf("cache[%d] (REDIS_ADDR) has no host", i))
		}
	}
	if err := c.Readiness.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("readiness: %w", err))
	}
	return errors.Join(errs...)
}
