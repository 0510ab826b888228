package main

import (
	"context"
	"flag"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/common/rpcx"
	"github.com/zsuite/user-rpc/internal/config"
	"github.com/zsuite/user-rpc/internal/server"
	"github.com/zsuite/user-rpc/internal/svc"
	"github.com/zsuite/user-rpc/migrations"
	"github.com/zsuite/user-rpc/userpb"
)

var configFile = flag.String("f", "etc/user.yaml", "the config file")

// migrateOnly serves a Kubernetes Job or init container that migrates before
// the replicas start (they may then set MIGRATE_ON_START=false), and an
// operator who asks which migrations a database has.
var migrateOnly = flag.Bool("migrate", false, "apply the migrations and exit; -migrate status lists them, -migrate version prints the version")

func main() {
	flag.Parse()

	var c config.Config
	confx.MustLoad(*configFile, &c)
	if c.MustPrepare(migrations.FS, *migrateOnly) {
		return
	}
	// Passwords travel in these calls: go-zero must not log their content.
	zrpc.DontLogContentForMethod(userpb.User_Register_FullMethodName)
	zrpc.DontLogContentForMethod(userpb.User_Login_FullMethodName)

	ctx := svc.NewServiceContext(c)
	seedCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
	logx.Must(ctx.SeedAdmin(seedCtx))
	cancel()

	rpcx.MustRun(rpcx.Server{
		Conf:      c.RpcServerConf,
		Readiness: c.Readiness,
		Checks:    map[string]health.Check{"postgres": health.Postgres(ctx.DB), "redis": health.Redis(ctx.Redis)},
		Register: func(g *grpc.Server) {
			userpb.RegisterUserServer(g, server.NewUserServer(ctx))
		},
	})
}
