package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/zsuite/bench/internal/suite"
	tkports "github.com/zsuite/testkit/ports"
	"github.com/zsuite/testkit/stack"
)

// The peer (bench/peer) is the /me a go-zero user would write instead of
// the suite: goctl's api + rpc pair with goctl's cached model of the same
// users table, as go-zero-looklook's usercenter. Its config is go-zero's
// defaults (every default middleware on) but for what the run must set:
// addresses, the run's etcd key, the suite's scratch database and JWT
// secret, and the two settings the suite's services get in a run too
// (docs/performance.md): log level error, no load shedding.

// buildPeer compiles the peer's two services into binDir.
func (e *env) buildPeer() error {
	for _, side := range []string{"api", "rpc"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(e.binDir, "peer-"+side), "./"+side)
		cmd.Dir = filepath.Join(e.root, "bench", "peer")
		cmd.Env = append(without(os.Environ(), "GOWORK"), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("build the peer's %s: %v\n%s", side, err, out)
		}
	}
	return nil
}

// peer is the peer's two processes and their private Redis.
type peer struct {
	baseURL string
	procs   []*stack.Process
	meters  []meter
	stopAll []func()
}

func (p *peer) stop() {
	for i := len(p.stopAll) - 1; i >= 0; i-- {
		p.stopAll[i]()
	}
}

// startPeer starts the peer on the suite's user database, with a Redis of
// its own (its cache starts cold, like any new deployment: the warm-up
// fills it).
func (e *env) startPeer(s *suite.Suite) (*peer, error) {
	dir := filepath.Join(e.tmp, "peer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	p := &peer{}
	rds, err := stack.StartRedis(dir)
	if err != nil {
		return nil, err
	}
	p.stopAll = append(p.stopAll, rds.Stop)
	// A port handed out a moment ago may have been taken since by another
	// process of the machine: then start again on new ports.
	for attempt := 1; ; attempt++ {
		err = e.startPeerOn(p, s, dir, rds)
		if err == nil || attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	if err != nil {
		p.stop()
		return nil, err
	}
	p.meters = []meter{procMeter(p.procs[0]), procMeter(p.procs[1]), pidsMeter("redis ×1", rds.Pid()), selfMeter()}
	return p, nil
}

func (e *env) startPeerOn(p *peer, s *suite.Suite, dir string, rds *stack.RedisServer) error {
	ports := make([]int, 4)
	for i := range ports {
		port, err := tkports.Free()
		if err != nil {
			return err
		}
		ports[i] = port
	}
	etcdPort, err := stack.Setting("ETCD_PORT")
	if err != nil {
		return err
	}
	etcd := "127.0.0.1:" + etcdPort
	key := "bench-peer-" + stack.RandomHex(4) + ".usercenter.rpc"
	rpcConf := fmt.Sprintf(`Name: usercenter-rpc
ListenOn: 127.0.0.1:%d
Etcd:
  Hosts: [%q]
  Key: %q
DB:
  DataSource: %q
Cache:
  - Host: %q
CpuThreshold: 0
Log:
  Level: error
DevServer:
  Port: %d
`, ports[0], etcd, key, s.DSN["user-rpc"], rds.Addr, ports[1])
	apiConf := fmt.Sprintf(`Name: usercenter-api
Host: 127.0.0.1
Port: %d
JwtAuth:
  AccessSecret: %q
  AccessExpire: 86400
UsercenterRpcConf:
  Etcd:
    Hosts: [%q]
    Key: %q
CpuThreshold: 0
Log:
  Level: error
DevServer:
  Port: %d
`, ports[2], suite.JWTSecret, etcd, key, ports[3])
	for _, c := range []struct{ side, conf string }{{"rpc", rpcConf}, {"api", apiConf}} {
		path := filepath.Join(dir, c.side+".yaml")
		if err := os.WriteFile(path, []byte(c.conf), 0o644); err != nil {
			return err
		}
		devPort := ports[1]
		if c.side == "api" {
			devPort = ports[3]
		}
		pr := &stack.Process{
			Name: "peer-" + c.side, Bin: filepath.Join(e.binDir, "peer-"+c.side), Dir: dir,
			Args: []string{"-f", path}, LogPath: filepath.Join(dir, c.side+".log"),
			ReadyURL: fmt.Sprintf("http://127.0.0.1:%d/healthz", devPort),
		}
		if err := pr.Start(30 * time.Second); err != nil {
			for _, started := range p.procs {
				started.Stop()
			}
			p.procs = nil
			return err
		}
		p.procs = append(p.procs, pr)
	}
	for _, pr := range p.procs {
		p.stopAll = append(p.stopAll, pr.Stop)
	}
	p.baseURL = fmt.Sprintf("http://127.0.0.1:%d", ports[2])
	return nil
}

// checkPeer asks the suite and the peer for /me with the same token and
// fails unless both answer 200 with the same user: the two must do the same
// work for the comparison to mean anything.
func checkPeer(ctx context.Context, suiteURL, peerURL, token string) error {
	get := func(base string) (map[string]any, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/users/me", nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s/v1/users/me: %d %s", base, resp.StatusCode, body)
		}
		var m map[string]any
		return m, json.Unmarshal(body, &m)
	}
	want, err := get(suiteURL)
	if err != nil {
		return err
	}
	got, err := get(peerURL)
	if err != nil {
		return fmt.Errorf("the peer: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("the peer's /me differs from the suite's: %v, want %v", got, want)
	}
	return nil
}
