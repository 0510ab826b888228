// Command readfloor runs one half of the read floor (see internal/readfloor):
//
//	readfloor -role rpc -listen 127.0.0.1:P -redis 127.0.0.1:R
//	readfloor -role api -listen 127.0.0.1:P -rpc 127.0.0.1:Q -secret S
//
// Both answer GET / on -ready once they listen.
package main

import (
	"flag"
	"log"
	"net"
	"net/http"

	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"

	"github.com/zsuite/bench/internal/readfloor"
)

func main() {
	role := flag.String("role", "", "api or rpc")
	listen := flag.String("listen", "", "address to serve on")
	ready := flag.String("ready", "", "address of the readiness endpoint")
	redisAddr := flag.String("redis", "", "rpc: the Redis holding the cached rows")
	rpcAddr := flag.String("rpc", "", "api: the address of the rpc half")
	secret := flag.String("secret", "", "api: the JWT secret")
	userPrefix := flag.String("user-prefix", readfloor.UserKeyPrefix, "api: the key prefix of cached users")
	productPrefix := flag.String("product-prefix", readfloor.ProductKeyPrefix, "api: the key prefix of cached products")
	flag.Parse()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	if *ready != "" {
		go func() {
			log.Fatal(http.ListenAndServe(*ready, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusOK)
			})))
		}()
	}
	switch *role {
	case "rpc":
		g := grpc.NewServer()
		readfloor.Register(g, &readfloor.RPCServer{Redis: redis.NewClient(&redis.Options{Addr: *redisAddr})})
		log.Fatal(g.Serve(ln))
	case "api":
		api, err := readfloor.NewAPI(*rpcAddr, *secret)
		if err != nil {
			log.Fatal(err)
		}
		api.UserPrefix, api.ProductPrefix = *userPrefix, *productPrefix
		log.Fatal(http.Serve(ln, api.Handler()))
	default:
		log.Fatal("-role must be api or rpc")
	}
}
