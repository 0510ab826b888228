package suite

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/proc"
	"github.com/zeromicro/go-zero/core/service"
	"sigs.k8s.io/yaml"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/health"
)

// Extras are variables a deployment may set that no config reads: POD_IP is
// read by go-zero's zrpc to register the pod's address in etcd. A service
// with a Postgres may also set PGPASSWORD, which pgx reads when DataSource has
// no password.
var Extras = []string{"POD_IP"}

// MustSet returns the variables of s that a deployment has to set, because
// the config's default would be wrong there: MODE (a deployment says which
// mode it runs in), every variable whose default points at the native local
// stack (a loopback address) or is a development secret, and every variable
// without a default.
func (s Service) MustSet() []string {
	var names []string
	for _, r := range s.Env {
		if r.Name == "MODE" || !r.HasDefault || (isLoopback(r.Default) && r.Name != BrowserOrigins) || strings.Contains(r.Default, confx.DevSecretPrefix) {
			names = append(names, r.Name)
		}
	}
	return names
}

// BrowserOrigins is the variable that lists the origins of the pages allowed
// to call user-api from a browser (CORS). Its values are what a browser
// shows, not addresses a service dials, so a loopback one is not an address
// left over from the native stack: a developer's storefront on localhost may
// call a compose or dev-cluster user-api. user-api itself refuses a local
// origin in production mode, and Resolve loads the config as it does.
const BrowserOrigins = "CORS_ALLOWED_ORIGINS"

// Reads reports whether s's config reads the variable name.
func (s Service) Reads(name string) bool {
	return slices.ContainsFunc(s.Env, func(r EnvRef) bool { return r.Name == name })
}

// CheckEnv returns what is wrong with env as s's environment: a variable of
// MustSet missing or empty, or a variable that nothing reads (a typo, or a
// setting the service dropped).
func (s Service) CheckEnv(env map[string]string) []error {
	var errs []error
	for _, name := range s.MustSet() {
		if env[name] == "" {
			r := s.ref(name)
			errs = append(errs, fmt.Errorf("%s: %s must be set (the default in %s, %q, is for the native local stack)", s.Name, name, s.ConfigFile, r.Default))
		}
	}
	for name := range env {
		if !s.Reads(name) && !slices.Contains(Extras, name) && (!s.Postgres || name != "PGPASSWORD") {
			errs = append(errs, fmt.Errorf("%s: %s is set but %s does not read it", s.Name, name, s.ConfigFile))
		}
	}
	return errs
}

func (s Service) ref(name string) EnvRef {
	for _, r := range s.Env {
		if r.Name == name {
			return r
		}
	}
	return EnvRef{Name: name}
}

// View is what the checks compare with a deployment, read from a config
// after expansion, with go-zero's own defaults filled in.
type View struct {
	Mode      string                  `json:",optional"`
	ListenOn  string                  `json:",optional"`
	Host      string                  `json:",optional"`
	Port      int                     `json:",optional"`
	DevServer service.DevServerConfig `json:",optional"`
	Readiness health.Config           `json:",optional"`
	Shutdown  proc.ShutdownConf
	Etcd      struct {
		Hosts []string `json:",optional"`
	} `json:",optional"`
	DataSource string `json:",optional"`
	Auth       struct {
		AccessSecret string `json:",optional"`
		PrevSecret   string `json:",optional"`
	} `json:",optional"`
}

// ServeHost and ServePort are where the service listens for its traffic.
func (v View) ServeHost() string {
	if v.ListenOn != "" {
		host, _, _ := net.SplitHostPort(v.ListenOn)
		return host
	}
	return v.Host
}

// ServePort is the port of ServeHost.
func (v View) ServePort() int {
	if v.ListenOn != "" {
		_, port, _ := net.SplitHostPort(v.ListenOn)
		n, _ := strconv.Atoi(port)
		return n
	}
	return v.Port
}

// ShutdownBudget is how long go-zero may take to stop after SIGTERM before it
// kills itself: Shutdown.WaitTime (deregister from etcd, wait WrapUpTime,
// stop gracefully, force quit at WaitTime).
func (v View) ShutdownBudget() time.Duration { return v.Shutdown.WaitTime }

// Resolve expands s's config content (a deployment's copy of the etc yaml)
// with env as the service's whole environment, loads the result with the
// service's own config struct (its configcheck package), applies the checks
// the service itself makes at start (no development secret in production
// mode), refuses a loopback address left in any value, and returns the
// values the manifests must agree with.
func (s Service) Resolve(content []byte, env map[string]string) (View, error) {
	expanded := Expand(string(content), env)
	if strings.Contains(expanded, "$") {
		// configcheck expands again; a $ in a value would be read as a reference.
		return View{}, fmt.Errorf("%s: a value holds a $, which the service would expand again", s.Name)
	}
	load, ok := ConfigLoaders[s.Name]
	if !ok {
		return View{}, fmt.Errorf("%s: no configcheck loader: add %s/configcheck to ConfigLoaders", s.Name, s.Name)
	}
	dir, err := os.MkdirTemp("", "configcheck-")
	if err != nil {
		return View{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, s.ConfigFile)
	if err := os.WriteFile(path, []byte(expanded), 0o600); err != nil {
		return View{}, err
	}
	if err := load(path); err != nil {
		return View{}, fmt.Errorf("%s does not load with its own config struct: %w", s.Name, err)
	}

	var v View
	if err := conf.LoadFromYamlBytes([]byte(expanded), &v); err != nil {
		return View{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	var secrets []confx.Secret
	if s.Reads("JWT_SECRET") || v.Auth.AccessSecret != "" {
		secrets = append(secrets, confx.JWTSecrets(v.Auth.AccessSecret, v.Auth.PrevSecret)...)
	}
	if s.Postgres {
		secrets = append(secrets, confx.Secret{Name: "the database password in DataSource (DATABASE_URL)", Value: confx.DBPassword(v.DataSource, env["PGPASSWORD"])})
	}
	if err := confx.CheckSecrets(v.Mode, secrets...); err != nil {
		return View{}, fmt.Errorf("%s would refuse to start: %w", s.Name, err)
	}

	var doc any
	if err := yaml.Unmarshal([]byte(expanded), &doc); err != nil {
		return View{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	var errs []error
	walkStrings(doc, "", func(path, value string) {
		if isLoopback(value) && !strings.HasPrefix(path, "CORS.") {
			errs = append(errs, fmt.Errorf("%s: %s is %q, a loopback address: nothing else can reach it there", s.Name, path, value))
		}
	})
	return v, errors.Join(errs...)
}

func walkStrings(v any, path string, fn func(path, value string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			walkStrings(child, strings.TrimPrefix(path+"."+k, "."), fn)
		}
	case []any:
		for i, child := range v {
			walkStrings(child, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case string:
		fn(path, v)
	}
}

func isLoopback(s string) bool {
	return strings.Contains(s, "127.0.0.") || strings.Contains(s, "localhost") || strings.Contains(s, "[::1]")
}

// DefaultShutdownWait is go-zero's default Shutdown.WaitTime, read from the tag
// of proc.ShutdownConf so that a go-zero upgrade that changes it is seen.
func DefaultShutdownWait() (time.Duration, error) {
	f, ok := reflect.TypeOf(proc.ShutdownConf{}).FieldByName("WaitTime")
	if !ok {
		return 0, errors.New("proc.ShutdownConf has no WaitTime")
	}
	for _, opt := range strings.Split(f.Tag.Get("json"), ",") {
		if d, ok := strings.CutPrefix(opt, "default="); ok {
			return time.ParseDuration(d)
		}
	}
	return 0, errors.New("proc.ShutdownConf.WaitTime has no default")
}

func viewOf(expanded string) (View, error) {
	var v View
	err := conf.LoadFromYamlBytes([]byte(expanded), &v)
	return v, err
}
