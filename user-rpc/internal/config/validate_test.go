package config

import (
	"strings"
	"testing"

	"github.com/zsuite/common/confx"
)

const shipped = "../../etc/user.yaml"

// A setting that would break user-rpc stops it at start, naming the setting.
func TestLoadRefusesWhatWouldBreakTheService(t *testing.T) {
	var c Config
	if err := confx.Load(shipped, &c); err != nil {
		t.Fatalf("the shipped settings: %v", err)
	}
	for _, tc := range []struct{ env, value, says string }{
		{"LOCAL_CACHE_EXPIRY", "0s", "LOCAL_CACHE_EXPIRY"},
		{"DATABASE_URL", "postgres://u:secret@host:notaport/db", "DATABASE_URL"},
	} {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			var c Config
			err := confx.Load(shipped, &c)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("%s=%s: %v, want an error naming %s", tc.env, tc.value, err, tc.says)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the database password: %v", err)
			}
		})
	}
	d := c
	d.Cache = nil
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "REDIS_ADDR") {
		t.Errorf("no Redis: %v, want an error naming REDIS_ADDR", err)
	}
}
