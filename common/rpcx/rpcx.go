// Package rpcx runs a zrpc server the way every RPC service of the suite
// does: schema migrated first, readiness served beside it, errors mapped by
// the suite's interceptor, reflection in dev and test modes only.
package rpcx

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/reflection"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/common/migrate"
)

// MustMigrate applies migrations to dsn when enabled, exiting on failure.
func MustMigrate(enabled bool, dsn string, migrations fs.FS) {
	if !enabled {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	applied, err := migrate.Up(ctx, dsn, migrations)
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

// MustRun serves s until the process is told to stop (go-zero handles SIGTERM:
// it deregisters from etcd, then stops gracefully).
func MustRun(s Server) {
	etcd, closeEtcd, err := health.Etcd(s.Conf.Etcd.Hosts)
	logx.Must(err)
	defer closeEtcd()
	checks := map[string]health.Check{"etcd": etcd}
	for name, check := range s.Checks {
		checks[name] = check
	}
	ready, err := health.Start(s.Readiness, health.NewChecker(s.Readiness.Timeout, checks))
	logx.Must(err)
	defer ready.Stop()

	srv := zrpc.MustNewServer(s.Conf, func(g *grpc.Server) {
		s.Register(g)
		if s.Conf.Mode == service.DevMode || s.Conf.Mode == service.TestMode {
			reflection.Register(g)
		}
	})
	srv.AddUnaryInterceptors(errx.UnaryServerInterceptor)

	group := service.NewServiceGroup()
	defer group.Stop()
	group.Add(srv)
	for _, b := range s.Background {
		group.Add(b)
	}
	fmt.Printf("Starting rpc server at %s...\n", s.Conf.ListenOn)
	group.Start()
}
