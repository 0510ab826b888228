// Package rpcx runs a zrpc server the way every RPC service of the suite
// does: schema migrated first, readiness served beside it, errors mapped by
// the suite's interceptor, reflection in dev and test modes only.
package rpcx

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/proc"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/sqlx"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/reflection"

	"github.com/zsuite/common/breakx"
	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/discovx"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/common/migrate"
)

// Conf is what every RPC service of the suite is configured with; a
// service's Config embeds it (inline in YAML, as zrpc.RpcServerConf is) and
// adds its own fields.
type Conf struct {
	zrpc.RpcServerConf
	// DataSource is the Postgres URL of the service's own database.
	DataSource string
	// Cache is the service's own Redis, for go-zero's model cache.
	Cache cache.CacheConf
	// Readiness serves /readyz, which checks Postgres, Redis, etcd and the listener.
	Readiness health.Config
	// MigrateOnStart applies migrations/ before serving.
	MigrateOnStart bool `json:",default=true"`
}

// MustPrepare does what every RPC service does between loading its config
// and serving: no span recording without an exporter, the production secret
// check, go-zero's setup, and the migrations. When migrateOnly (the -migrate
// flag, for a Job or an operator) it does the verb the first argument names
// instead (MigrateVerb) and returns true: the caller stops there.
func (c *Conf) MustPrepare(migrations fs.FS, migrateOnly bool) bool {
	confx.SampleOnlyWhenExported(&c.Telemetry)
	confx.DebugEndpoints(&c.ServiceConf)
	confx.MustCheckSecrets(c.Mode,
		confx.Secret{Name: "the database password in DataSource (DATABASE_URL)", Value: confx.DBPassword(c.DataSource, os.Getenv("PGPASSWORD"))})
	c.MustSetUp()
	if migrateOnly {
		ctx, cancel := context.WithTimeout(context.Background(), migrateTimeout)
		defer cancel()
		verb, err := MigrateVerb()
		if err == nil {
			err = migrate.Run(ctx, verb, c.DataSource, migrations, os.Stdout)
		}
		logx.Must(err)
		return true
	}
	MustMigrate(c.MigrateOnStart, c.DataSource, migrations)
	return false
}

// MigrateVerb is the verb after -migrate on the command line: "up" (also
// when none is given, as -migrate alone always did), "status" or "version".
// Flags may follow it (`-migrate status -f etc/user.yaml`); they are parsed
// here. Call it after flag.Parse.
func MigrateVerb() (string, error) {
	args := flag.Args()
	if len(args) == 0 {
		return "up", nil
	}
	if err := flag.CommandLine.Parse(args[1:]); err != nil {
		return "", err
	}
	if flag.NArg() > 0 {
		return "", fmt.Errorf("-migrate takes one verb (%s), got also %q", strings.Join(migrate.Verbs, ", "), flag.Args())
	}
	return args[0], nil
}

// migrateTimeout bounds a migration run, lock wait included.
const migrateTimeout = 10 * time.Minute

// MustMigrate applies migrations to dsn when enabled, exiting on failure. A
// database it cannot reach yet (its name does not resolve, it refuses
// connections) is tried again for StartPatience, a line logged per attempt.
func MustMigrate(enabled bool, dsn string, migrations fs.FS) {
	if !enabled {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), migrateTimeout)
	defer cancel()
	var applied []int64
	err := retryAtStart(ctx, "migrating the database", StartPatience, func(ctx context.Context) error {
		var err error
		applied, err = migrate.Up(ctx, dsn, migrations)
		return err
	})
	logx.Must(err)
	if len(applied) > 0 {
		logx.Infof("applied migrations %v", applied)
	}
}

// Server is what MustRun needs to know of a service.
type Server struct {
	Conf      zrpc.RpcServerConf
	Readiness health.Config
	// Checks are the service's own dependencies; etcd is added here.
	Checks   map[string]health.Check
	Register func(*grpc.Server)
	// Background services (e.g. a recovery loop) run beside the server and are
	// stopped with it.
	Background []service.Service
}

// streamWorkers is how many goroutines serve calls (see MustRun).
const streamWorkers = 64

// stopping is closed when the process is told to stop (go-zero's wrap-up, a
// second before the server stops gracefully).
var stopping = sync.OnceValue(func() <-chan struct{} {
	c := make(chan struct{})
	proc.AddWrapUpListener(func() { close(c) })
	return c
})

// Stopping is closed when the process is told to stop. A call that would run
// until its caller leaves (a stream of changes) returns then: a graceful stop
// waits for every call to end.
func Stopping() <-chan struct{} { return stopping() }

// MustRun serves s until the process is told to stop (go-zero handles SIGTERM:
// it deregisters from etcd, then stops gracefully).
func MustRun(s Server) {
	// go-zero logs every SQL statement at info level; keep slow ones only.
	sqlx.DisableStmtLog()
	etcd, closeEtcd, err := health.Etcd(s.Conf.Etcd.Hosts)
	logx.Must(err)
	defer closeEtcd()
	checks := map[string]health.Check{"etcd": etcd, "grpc": listening(s.Conf.ListenOn)}
	for name, check := range s.Checks {
		checks[name] = check
	}
	ready, err := health.Start(s.Readiness, health.NewChecker(s.Readiness.Timeout, checks))
	logx.Must(err)
	defer ready.Stop()
	defer watchRegistrations(s.Conf.Etcd)()

	// The service's stores have breakers of their own (NewDB, go-zero's
	// Redis); a breaker over the whole server would count their outages a
	// second time and hold the server closed after they end.
	s.Conf.Middlewares.Breaker = false
	// discovx registers the server in etcd instead of zrpc, so that it is
	// registered again as soon as etcd answers after an outage.
	conf := s.Conf
	conf.Etcd = discov.EtcdConf{}
	srv := zrpc.MustNewServer(conf, func(g *grpc.Server) {
		s.Register(g)
		if s.Conf.Mode == service.DevMode || s.Conf.Mode == service.TestMode {
			reflection.Register(g)
		}
	})
	srv.AddUnaryInterceptors(errx.UnaryServerInterceptor)
	// Calls run on a pool of goroutines whose stacks have grown already:
	// otherwise every call starts a goroutine and copies its stack as it
	// grows through go-zero's interceptors (15-19% of a service's CPU in the
	// bench profiles, docs/performance.md). Calls beyond the pool get a new
	// goroutine, as without it.
	srv.AddOptions(grpc.NumStreamWorkers(streamWorkers))

	group := service.NewServiceGroup()
	defer group.Stop()
	group.Add(srv)
	if s.Conf.HasEtcd() {
		group.Add(discovx.MustNewPublisher(s.Conf.Etcd, s.Conf.ListenOn))
	}
	for _, b := range s.Background {
		group.Add(b)
	}
	fmt.Printf("Starting rpc server at %s...\n", s.Conf.ListenOn)
	group.Start()
}

// listening checks that the gRPC server accepts connections: readiness must
// not pass in the moment between start and listen.
func listening(listenOn string) health.Check {
	host, port, err := net.SplitHostPort(listenOn)
	if err == nil && (host == "" || host == "0.0.0.0" || host == "::") {
		listenOn = net.JoinHostPort("127.0.0.1", port)
	}
	return func(ctx context.Context) error {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", listenOn)
		if err != nil {
			return err
		}
		return conn.Close()
	}
}

// MustNewClient is zrpc.MustNewClient, tried again for StartPatience while it
// fails (etcd not reachable yet: its resolver cannot start), with the suite's
// client breaker and a
// reconnect backoff that tops out at two seconds instead of grpc-go's two
// minutes, so that a restarted service is used again at once, and with the
// last known endpoints kept while etcd has none (discovx.ClientOption).
//
// go-zero's client breaker is replaced (Middlewares.Breaker off) by one per
// method that counts only the callee being unreachable or too slow
// (errx.CalleeDown): go-zero's counts INTERNAL and RESOURCE_EXHAUSTED too,
// which a client can cause (a string grpc cannot encode), and an UNAVAILABLE
// the callee answered about its own store, whose breaker is the callee's.
func MustNewClient(c zrpc.RpcClientConf) zrpc.Client {
	c.Middlewares.Breaker = false
	breakers := &clientBreakers{}
	var cli zrpc.Client
	err := retryAtStart(context.Background(), "connecting a client of "+clientTarget(c), StartPatience, func(context.Context) error {
		var err error
		cli, err = zrpc.NewClient(c,
			zrpc.WithUnaryClientInterceptor(breakers.intercept),
			zrpc.WithDialOption(grpc.WithConnectParams(grpc.ConnectParams{
				Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 2 * time.Second},
				MinConnectTimeout: time.Second,
			})),
			discovx.ClientOption())
		return err
	})
	logx.Must(err)
	return cli
}

// clientTarget names what a client calls, for the start's log lines.
func clientTarget(c zrpc.RpcClientConf) string {
	switch {
	case c.Target != "":
		return c.Target
	case len(c.Endpoints) > 0:
		return strings.Join(c.Endpoints, ",")
	default:
		return c.Etcd.Key + " (etcd " + strings.Join(c.Etcd.Hosts, ",") + ")"
	}
}

// clientBreakers holds a client's breakers, one per method.
type clientBreakers struct{ byMethod sync.Map }

func (b *clientBreakers) intercept(ctx context.Context, method string, req, reply any,
	cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	brk, ok := b.byMethod.Load(method)
	if !ok {
		brk, _ = b.byMethod.LoadOrStore(method, breakx.New(path.Join(cc.Target(), method), errx.CalleeDown))
	}
	return brk.(*breakx.Breaker).Do(func() error {
		return invoker(ctx, method, req, reply, cc, opts...)
	})
}
