package k8scheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/zsuite/testkit/gate"
)

// scoreExemptions lists the kube-score CRITICAL findings the manifests keep
// on purpose, each with its reason.
const scoreExemptions = "deploy/k8s/kube-score-exemptions.yaml"

type exemption struct {
	Check  string `json:"check"`  // kube-score's check id, e.g. container-security-context-user-group-id
	Object string `json:"object"` // Kind/name or a pattern of them (path.Match), e.g. StatefulSet/*
	Reason string `json:"reason"`
}

// TestKubeScore runs kube-score (pinned in deploy/tools/kube-score) over every
// overlay, alone and with each component: no CRITICAL finding unless it is
// exempted, with a reason, in deploy/k8s/kube-score-exemptions.yaml, and no
// exemption that no longer matches anything.
func TestKubeScore(t *testing.T) {
	var exempt []exemption
	raw, err := os.ReadFile(filepath.Join(root(t), scoreExemptions))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(raw, &exempt); err != nil {
		t.Fatalf("%s: %v", scoreExemptions, err)
	}
	for _, e := range exempt {
		if e.Check == "" || e.Object == "" || len(strings.Fields(e.Reason)) < 3 {
			t.Errorf("%s: %+v needs a check, an object and a reason", scoreExemptions, e)
		}
	}
	used := map[exemption]bool{}
	components, err := filepath.Glob(filepath.Join(root(t), "deploy", "k8s", "components", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range overlays(t) {
		dirs := map[string]string{filepath.Base(o): o}
		for _, c := range components {
			if filepath.Base(c) != "in-cluster-infra" {
				dirs[filepath.Base(o)+"+"+filepath.Base(c)] = composed(t, o, c)
			}
		}
		for name, dir := range dirs {
			for _, f := range kubeScore(t, render(t, dir)) {
				i := slices.IndexFunc(exempt, func(e exemption) bool {
					ok, err := path.Match(e.Object, f.object)
					return e.Check == f.check && ok && err == nil
				})
				if i < 0 {
					t.Errorf("%s: kube-score CRITICAL %s on %s: %s", name, f.check, f.object, f.summary)
					continue
				}
				used[exempt[i]] = true
			}
		}
	}
	for _, e := range exempt {
		if !used[e] {
			t.Errorf("%s: %s on %s matches no finding any more: remove it", scoreExemptions, e.Check, e.Object)
		}
	}
}

type finding struct{ check, object, summary string }

// kubeScore returns the CRITICAL findings of kube-score over manifests.
func kubeScore(t *testing.T, manifests []byte) []finding {
	t.Helper()
	gate.Integration(t)
	cmd := exec.Command("go", "tool", "kube-score", "score", "--output-format", "json", "-")
	cmd.Dir = filepath.Join(root(t), "deploy", "tools", "kube-score")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stdin = bytes.NewReader(manifests)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// kube-score exits 1 when it finds a CRITICAL: the JSON says which.
	if len(out) == 0 {
		t.Fatalf("kube-score: %v\n%s", err, stderr.String())
	}
	var objects []struct {
		TypeMeta   struct{ Kind string } `json:"type_meta"`
		ObjectMeta struct{ Name string } `json:"object_meta"`
		Checks     []struct {
			Check struct {
				ID string `json:"id"`
			} `json:"check"`
			Grade    int  `json:"grade"`
			Skipped  bool `json:"skipped"`
			Comments []struct {
				Path    string `json:"path"`
				Summary string `json:"summary"`
			} `json:"comments"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(out, &objects); err != nil {
		t.Fatalf("kube-score's output: %v\n%.500s", err, out)
	}
	var found []finding
	for _, o := range objects {
		for _, c := range o.Checks {
			if c.Skipped || c.Grade != 1 { // 1 is kube-score's GradeCritical
				continue
			}
			var summaries []string
			for _, cm := range c.Comments {
				summaries = append(summaries, fmt.Sprintf("%s %s", cm.Path, cm.Summary))
			}
			found = append(found, finding{c.Check.ID, o.TypeMeta.Kind + "/" + o.ObjectMeta.Name, strings.Join(summaries, "; ")})
		}
	}
	return found
}
