// Package confx loads a service's YAML config with environment overrides and
// checks that a production deployment carries no development secret.
package confx

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/core/trace"
	"github.com/zeromicro/go-zero/zrpc"
)

// Load reads the YAML file at path into v. Before parsing, every ${NAME} in the
// file is replaced by the environment variable NAME, and every ${NAME:-default}
// by NAME when it is set and not empty, else by default. So one file serves
// local runs (its defaults) and deployments (their environment).
func Load(path string, v any) error {
	content, err := os.ReadFile(path) //nolint:gosec // G304: the path is the operator's -f flag
	if err != nil {
		return fmt.Errorf("read config %s: %w", path, err)
	}
	if err := conf.LoadFromYamlBytes([]byte(Expand(string(content))), v); err != nil {
		return fmt.Errorf("load config %s: %w", path, err)
	}
	return nil
}

// MustLoad is Load that exits the process on error, as conf.MustLoad does.
func MustLoad(path string, v any) {
	if err := Load(path, v); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Expand replaces ${NAME} and ${NAME:-default} from the environment.
func Expand(s string) string {
	return os.Expand(s, func(ref string) string {
		name, def, hasDefault := strings.Cut(ref, ":-")
		if v := os.Getenv(name); v != "" || !hasDefault {
			return v
		}
		return def
	})
}

// DevSecretPrefix starts every secret committed for local development. A
// service in production mode refuses any secret that starts with it.
const DevSecretPrefix = "dev-"

// Secret names a secret value for CheckSecrets.
type Secret struct {
	Name  string // what to tell the operator, e.g. "Auth.AccessSecret (JWT_SECRET)"
	Value string
	// Optional: may be empty (e.g. the previous key, outside a rotation);
	// when set it is held to the same rules.
	Optional bool
	// MinLen is the shortest value accepted in production mode (0: any).
	MinLen int
}

// MinJWTSecret is the shortest HS256 key accepted in production mode: 32
// bytes, the size of the hash (RFC 7518, 3.2).
const MinJWTSecret = 32

// JWTSecrets are the signing key and the previous one accepted during a
// rotation, as user-api and the deploy checks hold them.
func JWTSecrets(access, previous string) []Secret {
	return []Secret{
		{Name: "Auth.AccessSecret (JWT_SECRET)", Value: access, MinLen: MinJWTSecret},
		{Name: "Auth.PrevSecret (JWT_PREVIOUS_SECRET)", Value: previous, Optional: true, MinLen: MinJWTSecret},
	}
}

// CheckSecrets returns an error when mode is production and any secret is
// empty (unless optional), a development default, or shorter than its
// MinLen. Outside production every secret passes.
func CheckSecrets(mode string, secrets ...Secret) error {
	if mode != service.ProMode {
		return nil
	}
	for _, s := range secrets {
		switch {
		case s.Value == "" && s.Optional:
		case s.Value == "" || strings.HasPrefix(s.Value, DevSecretPrefix):
			return fmt.Errorf("refusing to start in %q mode: %s is empty or a development default; set it from a secret", mode, s.Name)
		case len(s.Value) < s.MinLen:
			return fmt.Errorf("refusing to start in %q mode: %s is %d bytes, shorter than the %d it needs; set a longer random secret", mode, s.Name, len(s.Value), s.MinLen)
		}
	}
	return nil
}

// MustCheckSecrets is CheckSecrets that exits the process on error.
func MustCheckSecrets(mode string, secrets ...Secret) {
	if err := CheckSecrets(mode, secrets...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// DBPassword returns the password the Postgres driver (pgx) connects with,
// so that it can be checked with CheckSecrets: the one in a URL-form data
// source name, or else pgpassword, the PGPASSWORD of the environment, which
// pgx reads when the URL has none; "" when there is neither.
func DBPassword(dsn, pgpassword string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return pgpassword
	}
	if p, ok := u.User.Password(); ok {
		return p
	}
	return pgpassword
}

// SampleOnlyWhenExported records no spans when there is no endpoint to send
// them to: trace ids are still made, propagated and written to the logs, but
// the cost of recording every span (about a tenth of a service's CPU, see
// docs/performance.md) is not paid for spans that would be dropped.
func SampleOnlyWhenExported(c *trace.Config) {
	if c.Endpoint == "" {
		c.Sampler = 0
	}
}

// PprofVar turns pprof on in production mode when "true".
const PprofVar = "PPROF"

// DebugEndpoints keeps pprof off in production mode unless PPROF=true:
// profiles show a process's internals and cost CPU to take. Call it before
// the service sets itself up (rest.MustNewServer, MustSetUp).
func DebugEndpoints(c *service.ServiceConf) {
	if c.Mode == service.ProMode && os.Getenv(PprofVar) != "true" {
		c.DevServer.EnablePprof = false
	}
}

// RPCClient refuses a client config that can reach no server or whose
// calls would end at once: no etcd key, endpoints or target, or a negative
// timeout. name is the setting's name, for the message.
func RPCClient(name string, c zrpc.RpcClientConf) error {
	var errs []error
	if len(c.Endpoints) == 0 && c.Target == "" && (len(c.Etcd.Hosts) == 0 || c.Etcd.Key == "") {
		errs = append(errs, fmt.Errorf("%s: no etcd hosts and key, endpoints or target: it could reach no server", name))
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("%s: timeout is %d ms: 0 (none) or more", name, c.Timeout))
	}
	return errors.Join(errs...)
}
