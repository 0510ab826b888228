package main

import (
	"context"
	"flag"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"google.golang.org/grpc"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/common/rpcx"
	"github.com/zsuite/inventory-rpc/internal/config"
	"github.com/zsuite/inventory-rpc/internal/server"
	"github.com/zsuite/inventory-rpc/internal/svc"
	"github.com/zsuite/inventory-rpc/inventorypb"
	"github.com/zsuite/inventory-rpc/migrations"
)

var configFile = flag.String("f", "etc/inventory.yaml", "the config file")

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

	ctx := svc.NewServiceContext(c)
	seedCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
	logx.Must(ctx.LoadDemoCatalogue(seedCtx))
	cancel()

	rpcx.MustRun(rpcx.Server{
		Conf:      c.RpcServerConf,
		Readiness: c.Readiness,
		Checks:    map[string]health.Check{"postgres": health.Postgres(ctx.DB), "redis": health.Redis(ctx.Redis)},
		Register: func(g *grpc.Server) {
			inventorypb.RegisterInventoryServer(g, server.NewInventoryServer(ctx))
		},
	})
}
