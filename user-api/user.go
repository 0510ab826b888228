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

	"github.com/zsuite/common/accesslog"
	"github.com/zsuite/common/confx"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/common/health"
	"github.com/zsuite/user-api/internal/apidoc"
	"github.com/zsuite/user-api/internal/config"
	"github.com/zsuite/user-api/internal/handler"
	"github.com/zsuite/user-api/internal/netx"
	"github.com/zsuite/user-api/internal/svc"
	"github.com/zsuite/user-rpc/userpb"
)

var configFile = flag.String("f", "etc/user-api.yaml", "the config file")

func main() {
	flag.Parse()

	var c config.Config
	confx.MustLoad(*configFile, &c)
	confx.SampleOnlyWhenExported(&c.Telemetry)
	confx.MustCheckSecrets(c.Mode, confx.Secret{Name: "Auth.AccessSecret (JWT_SECRET)", Value: c.Auth.AccessSecret})
	// Tokens signed with the previous secret stay valid while a rotation rolls
	// out; without one, the transition accepts the current secret only.
	c.JwtTransition.Secret, c.JwtTransition.PrevSecret = c.Auth.AccessSecret, c.Auth.PrevSecret
	if c.JwtTransition.PrevSecret == "" {
		c.JwtTransition.PrevSecret = c.Auth.AccessSecret
	}

	// Every error, go-zero's own included, answers {"code","message"}.
	httpx.SetErrorHandlerCtx(errx.HTTPError)
	server := rest.MustNewServer(c.RestConf,
		// First: go-zero's bodyless answers (breaker, shedding, timeout) get a JSON error too.
		rest.WithRouter(errx.JSONRouter(router.NewRouter())),
		rest.WithUnauthorizedCallback(func(w http.ResponseWriter, r *http.Request, _ error) {
			errx.Write(w, r, errx.New(errx.Unauthenticated, "missing or invalid access token"))
		}),
		rest.WithNotFoundHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			errx.Write(w, r, errx.New(errx.NotFound, "no such route"))
		})),
		rest.WithNotAllowedHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			errx.Write(w, r, errx.New(errx.MethodNotAllowed, "method not allowed on this route"))
		})),
	)
	defer server.Stop()

	// In place of go-zero's request log, which dumps headers (tokens) on 5xx.
	server.Use(accesslog.Middleware)
	// Passwords travel in these calls: go-zero's client must not log them.
	zrpc.DontLogClientContentForMethod(userpb.User_Register_FullMethodName)
	zrpc.DontLogClientContentForMethod(userpb.User_Login_FullMethodName)

	ctx := svc.NewServiceContext(c)
	handler.RegisterHandlers(server, ctx)
	// The API document (docs/openapi.yaml), public like the catalogue.
	server.AddRoute(apidoc.Route())

	checker, closeChecks, err := ctx.Readiness()
	logx.Must(err)
	defer closeChecks()
	ready, err := health.Start(c.Readiness, checker)
	logx.Must(err)
	defer ready.Stop()

	fmt.Printf("Starting server at %s:%d...\n", c.Host, c.Port)
	server.StartWithOpts(netx.Timeouts(c.RestConf))
}
