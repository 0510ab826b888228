// Command run starts the services of deploy/topology on the native local
// stack (deploy/local/stack.sh up), on the topology's ports, and keeps them
// in the foreground until Ctrl-C or SIGTERM, or until one exits; then it stops
// them all. `make run` builds it and runs it after starting the
// infrastructure.
//
//	run -bin .local/bin -log .local/log
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zsuite/testkit/stack"
)

func main() {
	binDir := flag.String("bin", ".local/bin", "the directory the services are built into")
	logDir := flag.String("log", ".local/log", "the directory of the services' logs (appended to)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("\033[1m[run]\033[0m ")
	if err := run(*binDir, *logDir); err != nil {
		log.Fatal(err)
	}
}

func run(binDir, logDir string) error {
	services, err := stack.Services()
	if err != nil {
		return err
	}
	settings, err := stack.Settings()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return err
	}
	log.Printf("building %s", strings.Join(services.Names(), ", "))
	if err := stack.Build(binDir, services); err != nil {
		return err
	}
	etcd := "127.0.0.1:" + settings["ETCD_PORT"]
	if err := stack.Reachable("etcd", etcd); err != nil {
		return err
	}
	env := map[string]map[string]string{}
	for _, s := range services {
		e := map[string]string{
			"ETCD_HOSTS": etcd,
			"REDIS_ADDR": "127.0.0.1:" + strconv.Itoa(s.RedisPort),
			// The local stack shows a demo catalogue on first start.
			"DEMO_CATALOGUE": "true",
		}
		if s.Postgres() {
			if e["DATABASE_URL"], err = stack.DSN(s, s.Database); err != nil {
				return err
			}
		}
		env[s.Name] = e
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	r := &stack.Run{Services: services, BinDir: binDir, LogDir: logDir, Env: env, LocalPorts: true, ReadyTimeout: 30 * time.Second, OwnGroups: true}
	defer func() {
		log.Print("stopping")
		r.Stop()
	}()
	started := make(chan error, 1)
	go func() { started <- r.Start() }()
	select {
	case err := <-started:
		if err != nil {
			return err
		}
	case sig := <-signals:
		return fmt.Errorf("%v while starting", sig)
	}
	printInfo(services, settings, logDir)
	if stop := serveStorefront(services); stop != nil {
		defer stop()
	}
	for {
		select {
		case <-signals:
			return nil
		case <-time.After(time.Second):
			if err := r.Alive(); err != nil {
				return err
			}
		}
	}
}

func printInfo(services stack.Topology, settings map[string]string, logDir string) {
	var b strings.Builder
	b.WriteString("\n  The suite is up.\n")
	api := ""
	for _, s := range services {
		if !s.RPC() {
			api = fmt.Sprintf("http://127.0.0.1:%d", s.Port)
			fmt.Fprintf(&b, "    %-14s http://127.0.0.1:%d (HTTP)\n", s.Name, s.Port)
		} else {
			fmt.Fprintf(&b, "    %-14s 127.0.0.1:%d (gRPC, %s.rpc in etcd)\n", s.Name, s.Port, s.Short())
		}
		fmt.Fprintf(&b, "    %-14s metrics, pprof http://127.0.0.1:%d/metrics  readiness http://127.0.0.1:%d/readyz\n", "", s.DevPort, s.ReadyPort)
	}
	fmt.Fprintf(&b, "    %-14s 127.0.0.1:%s\n    %-14s %s\n", "etcd", settings["ETCD_PORT"], "logs", logDir)
	if api != "" {
		fmt.Fprintf(&b, "\n  Try:\n    curl -s -X POST %s/v1/users/login -H 'Content-Type: application/json' -d '{\"username\":\"admin\",\"password\":\"admin12345\"}'\n", api)
	}
	b.WriteString("\n  Ctrl-C stops everything this command started.\n\n")
	fmt.Print(b.String())
}

// storefrontPort is where make run serves the storefront (clients/web): an
// origin of its own, the one user-api allows by default (CORS), so the page
// calls the API as a page of a separate static host does.
const storefrontPort = 5173

// serveStorefront serves the built storefront beside the services, or says
// how to build it; the returned func stops it.
func serveStorefront(services stack.Topology) func() {
	root, err := stack.Root()
	if err != nil {
		log.Printf("no storefront: %v", err)
		return nil
	}
	api := ""
	for _, s := range services {
		if !s.RPC() {
			api = fmt.Sprintf("http://127.0.0.1:%d", s.Port)
		}
	}
	h, err := stack.Storefront(filepath.Join(root, stack.StorefrontDir), api)
	if err != nil {
		log.Printf("no storefront: %v", err)
		return nil
	}
	srv := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", storefrontPort), Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("storefront: %v", err)
		}
	}()
	fmt.Printf("  The storefront: http://localhost:%d (calls user-api at %s)\n\n", storefrontPort, api)
	return func() { _ = srv.Close() }
}
