package suite

import (
	"os"
	"regexp"
	"strings"
)

// EnvRef is one environment variable a config reads.
type EnvRef struct {
	Name       string
	Default    string
	HasDefault bool // ${NAME:-default}, as opposed to ${NAME}
}

// ref matches what os.Expand, and so common/confx, expands: ${...} and $NAME.
var ref = regexp.MustCompile(`\$(?:\{([^}]*)\}|([A-Za-z0-9_]+))`)

// EnvRefs returns the environment variables s reads, each once, in order of
// first appearance. A variable read twice with different defaults keeps the
// first default.
func EnvRefs(s string) []EnvRef {
	var refs []EnvRef
	seen := map[string]bool{}
	for _, m := range ref.FindAllStringSubmatch(s, -1) {
		body := m[1] + m[2]
		name, def, hasDefault := strings.Cut(body, ":-")
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		refs = append(refs, EnvRef{Name: name, Default: def, HasDefault: hasDefault})
	}
	return refs
}

// Expand replaces references in s the way common/confx.Expand does with env
// as the whole environment: ${NAME:-default} is NAME when set and not empty,
// else default; ${NAME} and $NAME are NAME, or empty.
func Expand(s string, env map[string]string) string {
	return os.Expand(s, func(body string) string {
		name, def, hasDefault := strings.Cut(body, ":-")
		if v := env[name]; v != "" || !hasDefault {
			return v
		}
		return def
	})
}
