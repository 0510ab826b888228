package main

import (
	"flag"
	"fmt"
	"net/http"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/rest/httpx"
	"github.com/zeromicro/go-zero/rest/router"
	"github.com/zeromicro/go-zero/zrpc"

	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/user-api/internal/accesslog"
	"github.com/zsuite/user-api/internal/apidoc"
	"github.com/zsuite/user-api/internal/config"
	"github.com/zsuite/user-api/internal/cors"
	"github.com/zsuite/user-api/internal/guard"
	"github.com/zsuite/user-api/internal/handler"
	"github.com/zsuite/user-api/internal/httperr"
	"github.com/zsuite/user-api/internal/netx"
	"github.com/zsuite/user-api/internal/storefront"
	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-rpc/userpb"
)

var configFile = flag.String("f", "etc/user-api.yaml", "the config file")

func main() {
	flag.Parse()

	var c config.Config
	confx.MustLoad(*configFile, &c)
	confx.SampleOnlyWhenExported(&c.Telemetry)
	confx.DebugEndpoints(&c.ServiceConf)
	confx.MustCheckSecrets(c.Mode, confx.JWTSecrets(c.Auth.AccessSecret, c.Auth.PrevSecret)...)

	// Every error, go-zero's own included, answers {"code","message"}.
	httpx.SetErrorHandlerCtx(httperr.ErrorHandler)
	server := rest.MustNewServer(c.RestConf, append([]rest.RunOption{
		// First: go-zero's bodyless answers (breaker, shedding, timeout) get a JSON error too.
		rest.WithRouter(httperr.JSONRouter(router.NewRouter())),
		rest.WithNotFoundHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			httperr.Write(w, r, errx.New(errx.NotFound, "no such route"))
		})),
		// go-zero's own 405 carries the Allow header; JSONRouter gives it its body.
	},
		// Around the router: preflights are answered before any route or limit.
		cors.Options(c.CORS)...)...,
	)
	defer server.Stop()

	// Passwords travel in these calls: go-zero's client must not log them.
	zrpc.DontLogClientContentForMethod(userpb.User_Register_FullMethodName)
	zrpc.DontLogClientContentForMethod(userpb.User_Login_FullMethodName)

	ctx := svc.NewServiceContext(c)
	// In place of go-zero's request log, which dumps headers (tokens) on 5xx;
	// it logs the client address the limiters use.
	server.Use(accesslog.Middleware(ctx.Proxies.ClientAddr))
	// Every body is one JSON value of bounded depth, nothing after it.
	server.Use(guard.Middleware)
	handler.RegisterHandlers(server, ctx)
	// The API document (docs/openapi.yaml), public like the catalogue.
	server.AddRoute(apidoc.Route())
	if c.Storefront {
		routes, err := storefront.Routes()
		logx.Must(err)
		// Limited per client address like every route without a token.
		server.AddRoutes(rest.WithMiddlewares([]rest.Middleware{ctx.Anonymous}, routes...))
	}

	checker, closeChecks, err := ctx.Readiness()
	logx.Must(err)
	defer closeChecks()
	ready, err := health.Start(c.Readiness, checker)
	logx.Must(err)
	defer ready.Stop()

	fmt.Printf("Starting server at %s:%d...\n", c.Host, c.Port)
	server.StartWithOpts(netx.Timeouts(c.RestConf), netx.LimitConnections(c.Connections, ctx.Proxies))
}
