package testkit

import (
	"strings"
	"testing"
)

// ConfigCase is one setting, given in the environment, that must stop a
// service at start: Env=Value, refused with an error naming Says.
type ConfigCase struct {
	Env, Value, Says string
}

// ConfigRefuses holds a service's config loader (its etc/*.yaml, loaded as
// the service loads it at start) to its shipped settings, then to each case:
// the load must fail, name the setting, and never quote a secret (each case's
// value may hold the word "secret" to check that).
func ConfigRefuses(t *testing.T, load func() error, cases ...ConfigCase) {
	t.Helper()
	if err := load(); err != nil {
		t.Fatalf("the shipped settings: %v", err)
	}
	for _, c := range cases {
		t.Run(c.Env+"="+c.Value, func(t *testing.T) {
			t.Setenv(c.Env, c.Value)
			err := load()
			if err == nil || !strings.Contains(err.Error(), c.Says) {
				t.Fatalf("%s=%s: %v, want an error naming %s", c.Env, c.Value, err, c.Says)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error quotes a secret: %v", err)
			}
		})
	}
}

// Refused is a change to a loaded config that its Validate must refuse,
// with an error naming Says.
type Refused[C any] struct {
	Change func(*C)
	Says   string
}

// ValidateRefuses applies each case, by name, to a copy of base (a service's
// shipped config, loaded) and holds the config's Validate to refusing it:
// the settings an operator cannot give in the environment (a nil list, a
// value one field holds relative to another). The copy is shallow: a Change
// replaces a slice or map of the config rather than writing into it.
func ValidateRefuses[C any, P interface {
	*C
	Validate() error
}](t *testing.T, base C, cases map[string]Refused[C]) {
	t.Helper()
	for name, tc := range cases {
		c := base
		tc.Change(&c)
		if err := P(&c).Validate(); err == nil || !strings.Contains(err.Error(), tc.Says) {
			t.Errorf("%s: %v, want an error naming %s", name, err, tc.Says)
		}
	}
}
