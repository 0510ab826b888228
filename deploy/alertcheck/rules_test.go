package alertcheck

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/zsuite/deploy/internal/suite"

	"github.com/zsuite/testkit/gate"
)

func TestPromtoolChecksAndTestsTheRules(t *testing.T) {
	dir := filepath.Join(root(t), "deploy", "observability")
	promtool(t, "check", "rules", filepath.Join(dir, "alerts.yaml"))
	promtool(t, "test", "rules", filepath.Join(dir, "alerts_test.yaml"))
}

// Every alert has a unit test that expects it to fire.
func TestEveryAlertIsTested(t *testing.T) {
	dir := filepath.Join(root(t), "deploy", "observability")
	var tests struct {
		Tests []struct {
			AlertRuleTest []struct {
				Alertname string           `json:"alertname"`
				ExpAlerts []map[string]any `json:"exp_alerts"`
			} `json:"alert_rule_test"`
		} `json:"tests"`
	}
	readYAML(t, filepath.Join(dir, "alerts_test.yaml"), &tests)
	fires := map[string]bool{}
	for _, tc := range tests.Tests {
		for _, a := range tc.AlertRuleTest {
			fires[a.Alertname] = fires[a.Alertname] || len(a.ExpAlerts) > 0
		}
	}
	for _, name := range alerts(t) {
		if !fires[name] {
			t.Errorf("alert %s: no test in alerts_test.yaml expects it to fire", name)
		}
	}
}

func TestComposePrometheusLoadsTheRules(t *testing.T) {
	dir := filepath.Join(root(t), "deploy")
	var prom struct {
		RuleFiles []string `json:"rule_files"`
	}
	readYAML(t, filepath.Join(dir, "observability", "prometheus.yml"), &prom)
	if !slices.Contains(prom.RuleFiles, "alerts.yaml") {
		t.Errorf("prometheus.yml's rule_files %v do not load alerts.yaml", prom.RuleFiles)
	}
	var compose struct {
		Services map[string]struct {
			Volumes []string `json:"volumes"`
		} `json:"services"`
	}
	readYAML(t, filepath.Join(dir, "docker-compose.yml"), &compose)
	if !slices.Contains(compose.Services["prometheus"].Volumes, "./observability/alerts.yaml:/etc/prometheus/alerts.yaml:ro") {
		t.Errorf("the compose prometheus does not mount alerts.yaml beside its config: %v", compose.Services["prometheus"].Volumes)
	}
}

func TestPrometheusRuleIsTheRules(t *testing.T) {
	dir := filepath.Join(root(t), "deploy")
	var rules, pr struct {
		Kind   string         `json:"kind"`
		Groups any            `json:"groups"`
		Spec   map[string]any `json:"spec"`
	}
	readYAML(t, filepath.Join(dir, "observability", "alerts.yaml"), &rules)
	readYAML(t, filepath.Join(dir, "k8s", "components", "alerts", "prometheusrule.yaml"), &pr)
	if pr.Kind != "PrometheusRule" || !reflect.DeepEqual(pr.Spec, map[string]any{"groups": rules.Groups}) {
		t.Error("deploy/k8s/components/alerts/prometheusrule.yaml is not deploy/observability/alerts.yaml: run make deploy-alerts")
	}
}

// fromIssue9 are the metrics of user-api's limiters and of the breakers,
// which the rules and the dashboard use and issue 9 adds to the services.
var fromIssue9 = []string{"zsuite_ratelimit_rejected_total", "zsuite_breaker_rejected_total"}

// Every zsuite_* metric the rules and the dashboard name is registered by a
// service (a metric.*VecOpts literal with Namespace "zsuite" in its code).
func TestSuiteMetricsExist(t *testing.T) {
	registered := suiteMetrics(t)
	if len(registered) < 5 {
		t.Fatalf("found only %v in the services' code", registered)
	}
	dir := filepath.Join(root(t), "deploy")
	var used []string
	name := regexp.MustCompile(`\bzsuite_[a-z_]+`)
	for _, f := range []string{"observability/alerts.yaml", "observability/alerts_test.yaml", "observability/grafana/dashboards/zsuite.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range name.FindAll(b, -1) {
			used = append(used, string(m))
		}
	}
	for _, m := range used {
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "_bucket"), "_count"), "_sum")
		if !registered[m] && !registered[base] && !slices.Contains(fromIssue9, m) {
			t.Errorf("%s is used but no service registers it (they register %v)", m, keys(registered))
		}
	}
}

// suiteMetrics finds Namespace_Subsystem_Name of every metric literal with
// Namespace "zsuite" in the services' and common's Go code.
func suiteMetrics(t *testing.T) map[string]bool {
	found := map[string]bool{}
	services, err := suite.Load(root(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, mod := range append([]string{"common"}, suite.Names(services)...) {
		err := filepath.WalkDir(filepath.Join(root(t), mod), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				fields := map[string]string{}
				for _, e := range lit.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok {
							if v, ok := kv.Value.(*ast.BasicLit); ok && v.Kind == token.STRING {
								fields[k.Name], _ = strconv.Unquote(v.Value)
							}
						}
					}
				}
				if fields["Namespace"] == "zsuite" && fields["Name"] != "" {
					found[strings.Join(slices.DeleteFunc([]string{"zsuite", fields["Subsystem"], fields["Name"]}, func(s string) bool { return s == "" }), "_")] = true
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return found
}

func alerts(t *testing.T) []string {
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `json:"alert"`
			} `json:"rules"`
		} `json:"groups"`
	}
	readYAML(t, filepath.Join(root(t), "deploy", "observability", "alerts.yaml"), &rules)
	var names []string
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			if r.Alert != "" {
				names = append(names, r.Alert)
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("no alert in alerts.yaml")
	}
	return names
}

// promtool runs the promtool pinned in deploy/tools/promtool.
func promtool(t *testing.T, args ...string) {
	t.Helper()
	gate.Integration(t)
	cmd := exec.Command("go", append([]string{"tool", "promtool"}, args...)...)
	cmd.Dir = filepath.Join(root(t), "deploy", "tools", "promtool")
	// Without its service discovery plugins (cloud SDKs) promtool builds in
	// a fraction of the time, and checks rules all the same.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS="+os.Getenv("GOFLAGS")+" -tags=remove_all_sd")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
}

func readYAML(t *testing.T, path string, into any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".json") {
		err = json.Unmarshal(b, into)
	} else {
		err = yaml.Unmarshal(b, into)
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func root(t *testing.T) string { return suite.TestRoot(t) }

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
