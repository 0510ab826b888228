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
