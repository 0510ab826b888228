package stack

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadEnvFile(t *testing.T) {
	path := t.TempDir() + "/x.env"
	if err := os.WriteFile(path, []byte("# c\nA=1\n\n B = two \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env, err := ReadEnvFile(path)
	if err != nil || env["A"] != "1" || env["B"] != "two" || len(env) != 2 {
		t.Fatalf("%v %v", env, err)
	}
}

func TestReadTopology(t *testing.T) {
	path := filepath.Join(t.TempDir(), "topology")
	content := "# service config port dev ready pg database redis tables\n" +
		"pay-rpc  pay.yaml  9100 6100 6110 5440 pay 6390 payments,refunds\n\n" +
		"edge-api edge.yaml 8080 6101 6111 -    -   6391 -\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	top, err := ReadTopology(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := top.Names(); !slices.Equal(got, []string{"pay-rpc", "edge-api"}) {
		t.Fatalf("names %v", got)
	}
	pay, edge := top[0], top[1]
	if !pay.RPC() || pay.Short() != "pay" || pay.Key() != "PAY" || !pay.Postgres() || pay.PGPort != 5440 ||
		pay.Database != "pay" || pay.RedisPort != 6390 || !slices.Equal(pay.Tables, []string{"payments", "refunds"}) {
		t.Errorf("pay-rpc read as %+v", pay)
	}
	if edge.RPC() || edge.Key() != "EDGE_API" || edge.Postgres() || edge.Database != "" || edge.Tables != nil || edge.Port != 8080 {
		t.Errorf("edge-api read as %+v", edge)
	}
	if s, ok := top.Find("pay-rpc"); !ok || s.Name != "pay-rpc" {
		t.Errorf("Find(pay-rpc) = %v %v", s, ok)
	}
	if _, ok := top.Find("PAY"); ok {
		t.Error("Find(PAY) found a service by its environment key: services are found by name only")
	}
}

func TestReadTopologyRefuses(t *testing.T) {
	for name, line := range map[string]string{
		"too few fields":     "pay-rpc pay.yaml 9100 6100 6110 5440 pay 6390",
		"not a port":         "pay-rpc pay.yaml 91x0 6100 6110 5440 pay 6390 -",
		"database, no port":  "pay-rpc pay.yaml 9100 6100 6110 - pay 6390 -",
		"port, no database":  "pay-rpc pay.yaml 9100 6100 6110 5440 - 6390 -",
		"no Redis":           "pay-rpc pay.yaml 9100 6100 6110 5440 pay - -",
		"a service twice":    "a-rpc a.yaml 1 2 3 - - 4 -\na-rpc a.yaml 5 6 7 - - 8 -",
		"port out of range":  "pay-rpc pay.yaml 70000 6100 6110 5440 pay 6390 -",
		"nothing but a note": "# nothing",
	} {
		path := filepath.Join(t.TempDir(), "topology")
		if err := os.WriteFile(path, []byte(line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadTopology(path); err == nil || !strings.Contains(err.Error(), "topology") {
			t.Errorf("%s: err %v, want one that names the file", name, err)
		}
	}
}

// The repository's own topology reads, and its services have their
// directories.
func TestRepositoryTopology(t *testing.T) {
	top, err := Services()
	if err != nil {
		t.Fatal(err)
	}
	root, _ := Root()
	for _, s := range top {
		if _, err := os.Stat(filepath.Join(root, s.Name, "etc", s.Config)); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
}
