package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/reflection"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/user-rpc/internal/config"
	"github.com/zsuite/user-rpc/internal/server"
	"github.com/zsuite/user-rpc/internal/svc"
	"github.com/zsuite/user-rpc/userpb"
)

var configFile = flag.String("f", "etc/user.yaml", "the config file")

func main() {
	flag.Parse()

	var c config.Config
	confx.MustLoad(*configFile, &c)
	confx.MustCheckSecrets(c.Mode,
		confx.Secret{Name: "the database password in DataSource (DATABASE_URL)", Value: confx.DSNPassword(c.DataSource)})
	c.MustSetUp()
	ctx := svc.NewServiceContext(c)

	startCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
	logx.Must(ctx.Prepare(startCtx))
	cancel()

	checker, closeChecks, err := ctx.Readiness()
	logx.Must(err)
	defer closeChecks()
	ready, err := health.Start(c.Readiness, checker)
	logx.Must(err)
	defer ready.Stop()

	s := zrpc.MustNewServer(c.RpcServerConf, func(grpcServer *grpc.Server) {
		userpb.RegisterUserServer(grpcServer, server.NewUserServer(ctx))

		if c.Mode == service.DevMode || c.Mode == service.TestMode {
			reflection.Register(grpcServer)
		}
	})
	s.AddUnaryInterceptors(errx.UnaryServerInterceptor)
	defer s.Stop()

	fmt.Printf("Starting rpc server at %s...\n", c.ListenOn)
	s.Start()
}
