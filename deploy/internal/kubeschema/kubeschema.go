// Package kubeschema writes the JSON schemas kubeconform validates manifests
// against, offline, from the OpenAPI document a Kubernetes release ships
// (api/openapi-spec/swagger.json in the k8s.io/kubernetes module), laid out
// as kubeconform's default schema location is:
// <dir>/v<version>-standalone-strict/<kind>-<group>-<version>.json.
//
// As openapi2jsonschema --kubernetes --strict --stand-alone does: one file per
// kind, self-contained (the definitions it reaches are copied into it, so
// recursive ones such as JSONSchemaProps stay references), every object with
// properties closed (additionalProperties: false, which is what -strict
// means), and IntOrString and Quantity accept a number as YAML writes one.
package kubeschema

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// Swagger returns the path of swagger.json in k8s.io/kubernetes at version
// (e.g. v1.30.14), downloading the module through the Go module proxy into
// the module cache when it is not there yet. dir is a directory inside a Go
// module, to run go in.
func Swagger(ctx context.Context, dir, version string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", "k8s.io/kubernetes@"+version)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var mod struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &mod); jerr != nil || err != nil || mod.Error != "" {
		return "", fmt.Errorf("go mod download k8s.io/kubernetes@%s: %v %s %s", version, err, mod.Error, stderr.String())
	}
	return filepath.Join(mod.Dir, "api/openapi-spec/swagger.json"), nil
}

// Generate writes the strict schemas of every kind swaggerPath defines into
// <outDir>/<version>-standalone-strict and returns that directory and how
// many files it wrote.
func Generate(swaggerPath, outDir, version string) (string, int, error) {
	raw, err := os.ReadFile(swaggerPath)
	if err != nil {
		return "", 0, err
	}
	var doc struct {
		Definitions map[string]map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return "", 0, fmt.Errorf("%s: %w", swaggerPath, err)
	}
	defs := doc.Definitions
	for name, def := range defs {
		switch {
		case strings.HasSuffix(name, ".util.intstr.IntOrString"):
			defs[name] = oneOf(def, "string", "integer")
		case strings.HasSuffix(name, ".api.resource.Quantity"):
			defs[name] = oneOf(def, "string", "number")
		default:
			closeObjects(def)
		}
	}
	dir := filepath.Join(outDir, version+"-standalone-strict")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", 0, err
	}
	n := 0
	for name, def := range defs {
		gvks, _ := def["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			gvk, _ := g.(map[string]any)
			group, _ := gvk["group"].(string)
			kind, _ := gvk["kind"].(string)
			ver, _ := gvk["version"].(string)
			if kind == "" || ver == "" {
				continue
			}
			schema := map[string]any{}
			for k, v := range def {
				schema[k] = v
			}
			schema["definitions"] = reachable(defs, name)
			b, err := json.Marshal(schema)
			if err != nil {
				return "", 0, err
			}
			if err := os.WriteFile(filepath.Join(dir, FileName(kind, group, ver)), b, 0o644); err != nil {
				return "", 0, err
			}
			n++
		}
	}
	return dir, n, nil
}

// FileName is the name kubeconform looks a kind's schema up by:
// deployment-apps-v1.json, service-v1.json, ingress-networking-v1.json.
func FileName(kind, group, version string) string {
	suffix := "-" + strings.ToLower(version)
	if group != "" {
		suffix = "-" + strings.ToLower(strings.Split(group, ".")[0]) + suffix
	}
	return strings.ToLower(kind) + suffix + ".json"
}

func oneOf(def map[string]any, types ...string) map[string]any {
	out := map[string]any{}
	if d, ok := def["description"]; ok {
		out["description"] = d
	}
	var alts []any
	for _, t := range types {
		alts = append(alts, map[string]any{"type": t})
	}
	out["oneOf"] = alts
	return out
}

// closeObjects sets additionalProperties: false on every schema in v that
// lists properties and says nothing of others.
func closeObjects(v any) {
	switch s := v.(type) {
	case map[string]any:
		if s["x-kubernetes-preserve-unknown-fields"] == true {
			return // a CRD's field that takes anything
		}
		if _, ok := s["properties"]; ok {
			if _, set := s["additionalProperties"]; !set {
				s["additionalProperties"] = false
			}
		}
		for _, child := range s {
			closeObjects(child)
		}
	case []any:
		for _, child := range s {
			closeObjects(child)
		}
	}
}

const refPrefix = "#/definitions/"

// reachable returns the definitions name refers to, directly or not.
func reachable(defs map[string]map[string]any, name string) map[string]any {
	seen := map[string]any{}
	var visit func(v any)
	visit = func(v any) {
		switch s := v.(type) {
		case map[string]any:
			if ref, ok := s["$ref"].(string); ok && strings.HasPrefix(ref, refPrefix) {
				target := strings.TrimPrefix(ref, refPrefix)
				if _, done := seen[target]; !done {
					if def, ok := defs[target]; ok {
						seen[target] = def
						visit(def)
					}
				}
			}
			keys := make([]string, 0, len(s))
			for k := range s {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				visit(s[k])
			}
		case []any:
			for _, child := range s {
				visit(child)
			}
		}
	}
	visit(defs[name])
	return seen
}

// GenerateCRDs writes the strict schema of every served version of every
// CustomResourceDefinition in the YAML files of crdDir (one CRD a file, as
// the Gateway API ships them) into outDir, named as kubeconform looks them up
// (FileName), and returns how many it wrote: the CRD's own openAPIV3Schema,
// which the API server validates with, closed like the built-in kinds'.
func GenerateCRDs(crdDir, outDir string) (int, error) {
	files, err := filepath.Glob(filepath.Join(crdDir, "*.yaml"))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return n, err
		}
		var crd struct {
			Kind string `json:"kind"`
			Spec struct {
				Group string `json:"group"`
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
				Versions []struct {
					Name   string `json:"name"`
					Served bool   `json:"served"`
					Schema struct {
						OpenAPIV3Schema map[string]any `json:"openAPIV3Schema"`
					} `json:"schema"`
				} `json:"versions"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(raw, &crd); err != nil {
			return n, fmt.Errorf("%s: %w", f, err)
		}
		if crd.Kind != "CustomResourceDefinition" {
			continue
		}
		for _, v := range crd.Spec.Versions {
			if !v.Served || v.Schema.OpenAPIV3Schema == nil {
				continue
			}
			s := v.Schema.OpenAPIV3Schema
			closeObjects(s)
			out, err := json.MarshalIndent(s, "", "  ")
			if err != nil {
				return n, err
			}
			if err := os.WriteFile(filepath.Join(outDir, FileName(crd.Spec.Names.Kind, crd.Spec.Group, v.Name)), out, 0o644); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
