package composecheck

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// Prometheus scrapes every service's DevServer, at the port the service's
// config gives it in the stack, over a network they share.
func TestPrometheusScrapesEveryService(t *testing.T) {
	p := project(t)
	prom, ok := p.Services["prometheus"]
	if !ok {
		t.Fatal("no prometheus in the observability profile")
	}
	var cfg struct {
		ScrapeConfigs []struct {
			JobName       string `json:"job_name"`
			MetricsPath   string `json:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `json:"targets"`
			} `json:"static_configs"`
		} `json:"scrape_configs"`
	}
	readYAML(t, filepath.Join(root(t), "deploy", "observability", "prometheus.yml"), &cfg)
	mounted := false
	for _, v := range prom.Volumes {
		mounted = mounted || (v.Source == filepath.Join(root(t), "deploy", "observability", "prometheus.yml") && v.Target == "/etc/prometheus/prometheus.yml")
	}
	if !mounted {
		t.Error("prometheus does not mount deploy/observability/prometheus.yml as its config")
	}
	for _, svc := range services(t) {
		v, err := svc.Resolve(svc.Config, environment(p.Services[svc.Name]))
		if err != nil {
			t.Fatal(err)
		}
		want := net.JoinHostPort(svc.Name, strconv.Itoa(v.DevServer.Port))
		found := false
		for _, sc := range cfg.ScrapeConfigs {
			for _, st := range sc.StaticConfigs {
				if slices.Contains(st.Targets, want) {
					found = true
					if sc.JobName != svc.Name {
						t.Errorf("%s is scraped as job %q; the dashboard tells services apart by job", want, sc.JobName)
					}
					if sc.MetricsPath != "" && sc.MetricsPath != v.DevServer.MetricsPath {
						t.Errorf("%s: metrics_path %s, the DevServer serves %s", want, sc.MetricsPath, v.DevServer.MetricsPath)
					}
				}
			}
		}
		if !found {
			t.Errorf("prometheus.yml does not scrape %s", want)
		}
		if !sharesNetwork(prom, p.Services[svc.Name]) {
			t.Errorf("prometheus cannot reach %s", svc.Name)
		}
	}
}

// `make up OBSERVABILITY=1` points every service's traces at the tracing
// backend of the profile, which they can reach.
func TestTracesGoToJaeger(t *testing.T) {
	mk, err := os.ReadFile(filepath.Join(root(t), "deploy", "deploy.mk"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^OBSERVABILITY_OTLP_ENDPOINT := (\S+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("deploy.mk does not set OTEL_EXPORTER_OTLP_ENDPOINT with the observability profile")
	}
	endpoint := string(m[1])
	p, err := load(t, ".env.example", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint}, observability)
	if err != nil {
		t.Fatal(err)
	}
	host, port, err := net.SplitHostPort(endpoint)
	if err != nil || port != "4317" {
		t.Fatalf("endpoint %q: want host:4317, OTLP over gRPC (the configs' Batcher is otlpgrpc)", endpoint)
	}
	backend, ok := p.Services[host]
	if !ok {
		t.Fatalf("%s is not a service of the observability profile", host)
	}
	for _, svc := range services(t) {
		s := p.Services[svc.Name]
		if got := environment(s)["OTEL_EXPORTER_OTLP_ENDPOINT"]; got != endpoint {
			t.Errorf("%s: OTEL_EXPORTER_OTLP_ENDPOINT=%q, want %q", svc.Name, got, endpoint)
		}
		if !sharesNetwork(s, backend) {
			t.Errorf("%s cannot reach %s", svc.Name, host)
		}
	}
}

// The dashboard charts request rate, errors and latency per service, for
// rest and for zrpc, with the metric names go-zero really registers.
func TestDashboardUsesGoZeroMetrics(t *testing.T) {
	names := goZeroMetrics(t)
	dir := filepath.Join(root(t), "deploy", "observability", "grafana")

	var ds struct {
		Datasources []struct {
			UID  string `json:"uid"`
			Type string `json:"type"`
			URL  string `json:"url"`
		} `json:"datasources"`
	}
	readYAML(t, filepath.Join(dir, "provisioning", "datasources", "datasources.yml"), &ds)
	uids := map[string]bool{}
	p := project(t)
	for _, d := range ds.Datasources {
		uids[d.UID] = true
		host := strings.Split(strings.TrimPrefix(d.URL, "http://"), ":")[0]
		if _, ok := p.Services[host]; !ok {
			t.Errorf("data source %s points at %s, not a service of the stack", d.UID, d.URL)
		}
	}

	var provider struct {
		Providers []struct {
			Options struct {
				Path string `json:"path"`
			} `json:"options"`
		} `json:"providers"`
	}
	readYAML(t, filepath.Join(dir, "provisioning", "dashboards", "dashboards.yml"), &provider)
	mounted := false
	for _, v := range p.Services["grafana"].Volumes {
		mounted = mounted || (v.Source == filepath.Join(dir, "dashboards") && len(provider.Providers) == 1 && v.Target == provider.Providers[0].Options.Path)
	}
	if !mounted {
		t.Error("grafana does not mount the dashboards where the provider reads them")
	}

	raw, err := os.ReadFile(filepath.Join(dir, "dashboards", "zsuite.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		UID    string `json:"uid"`
		Panels []struct {
			Type       string `json:"type"`
			Title      string `json:"title"`
			Datasource *struct {
				UID string `json:"uid"`
			} `json:"datasource"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("zsuite.json: %v", err)
	}
	var exprs []string
	for _, panel := range dash.Panels {
		if panel.Type == "row" {
			continue
		}
		if panel.Datasource == nil || !uids[panel.Datasource.UID] {
			t.Errorf("panel %q: its data source is not a provisioned one", panel.Title)
		}
		for _, tg := range panel.Targets {
			exprs = append(exprs, tg.Expr)
			if strings.Count(tg.Expr, "(") != strings.Count(tg.Expr, ")") || strings.Count(tg.Expr, "{") != strings.Count(tg.Expr, "}") {
				t.Errorf("panel %q: unbalanced query %s", panel.Title, tg.Expr)
			}
		}
	}
	// Every go-zero metric the dashboard names exists.
	metric := regexp.MustCompile(`\b((?:http|rpc)_server_[a-z_]+)`)
	for _, e := range exprs {
		for _, m := range metric.FindAllStringSubmatch(e, -1) {
			if !names[m[1]] {
				t.Errorf("%s: go-zero has no metric %s (it has %v)", e, m[1], keys(names))
			}
		}
	}
	// Rate, errors and latency per service, for both kinds of server.
	for _, kind := range []string{"http", "rpc"} {
		for what, re := range map[string]string{
			"request rate": `rate\(` + kind + `_server_requests_duration_ms_count\b`,
			"errors":       kind + `_server_requests_code_total\{[^}]*code(=~|!=)`,
			"latency":      `histogram_quantile\(0\.\d+, sum by \(job, le\) \(rate\(` + kind + `_server_requests_duration_ms_bucket\b`,
		} {
			found := false
			for _, e := range exprs {
				found = found || (regexp.MustCompile(re).MatchString(e) && strings.Contains(e, "job"))
			}
			if !found {
				t.Errorf("no %s panel per service (job) for %s", what, kind)
			}
		}
	}
}

// goZeroMetrics returns the names of the request metrics go-zero's rest and
// zrpc servers register, read from the go-zero source this module builds
// with (Namespace_Subsystem_Name; a histogram adds _bucket, _sum and _count).
func goZeroMetrics(t *testing.T) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/zeromicro/go-zero")
	cmd.Dir = filepath.Join(root(t), "deploy")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	names := map[string]bool{}
	for _, file := range []string{"rest/handler/prometheushandler.go", "zrpc/internal/serverinterceptors/prometheusinterceptor.go"} {
		found := metricsIn(t, filepath.Join(dir, file))
		if len(found) == 0 {
			t.Fatalf("no metric found in go-zero's %s", file)
		}
		for name, histogram := range found {
			names[name] = true
			if histogram {
				for _, suffix := range []string{"_bucket", "_sum", "_count"} {
					names[name+suffix] = true
				}
			}
		}
	}
	return names
}

// metricsIn finds metric.*VecOpts{Namespace, Subsystem, Name} literals in a
// Go file: name → whether it is a histogram.
func metricsIn(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						consts[name.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
		return true
	})
	value := func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.BasicLit:
			s, _ := strconv.Unquote(e.Value)
			return s
		case *ast.Ident:
			return consts[e.Name]
		}
		return ""
	}
	found := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		sel, ok := lit.Type.(*ast.SelectorExpr)
		if !ok || !strings.HasSuffix(sel.Sel.Name, "VecOpts") {
			return true
		}
		parts := map[string]string{}
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok {
					parts[k.Name] = value(kv.Value)
				}
			}
		}
		name := strings.Join(slices.DeleteFunc([]string{parts["Namespace"], parts["Subsystem"], parts["Name"]}, func(s string) bool { return s == "" }), "_")
		found[name] = sel.Sel.Name == "HistogramVecOpts"
		return true
	})
	return found
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func keys(m map[string]bool) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return fmt.Sprint(ks)
}
