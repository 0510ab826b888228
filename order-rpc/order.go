package main

import (
	"flag"

	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/common/rpcx"
	"github.com/zsuite/order-rpc/internal/config"
	"github.com/zsuite/order-rpc/internal/saga"
	"github.com/zsuite/order-rpc/internal/server"
	"github.com/zsuite/order-rpc/internal/svc"
	"github.com/zsuite/order-rpc/migrations"
	"github.com/zsuite/order-rpc/orderpb"
)

var configFile = flag.String("f", "etc/order.yaml", "the config file")

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
	rpcx.MustRun(rpcx.Server{
		// Finishes orders a crash or an outage left half done; safe on every replica.
		Background: []service.Service{saga.NewRecovery(ctx.Saga)},
		Conf:       c.RpcServerConf,
		Readiness:  c.Readiness,
		Checks:     map[string]health.Check{"postgres": health.Postgres(ctx.DB), "redis": health.Redis(ctx.Redis)},
		Register: func(g *grpc.Server) {
			orderpb.RegisterOrderServer(g, server.NewOrderServer(ctx))
		},
	})
}
