package cors

import (
	"testing"

	"github.com/zeromicro/go-zero/core/service"
)

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		mode    string
		origins []string
		ok      bool
	}{
		{service.DevMode, []string{"http://localhost:5173", "http://127.0.0.1:5173"}, true},
		{service.DevMode, []string{"*"}, true},
		{service.ProMode, []string{"https://shop.example.com", "https://example.com:8443"}, true},
		{service.ProMode, nil, true},
		{service.ProMode, []string{"*"}, false},
		{service.ProMode, []string{"http://shop.example.com"}, false},
		{service.ProMode, []string{"https://localhost:5173"}, false},
		{service.ProMode, []string{"https://shop.localhost"}, false},
		{service.ProMode, []string{"https://127.0.0.1"}, false},
		{service.ProMode, []string{"https://[::1]:8443"}, false},
		{service.DevMode, []string{"localhost:5173"}, false},
		{service.DevMode, []string{"http://localhost:5173/"}, false},
		{service.DevMode, []string{"http://localhost:5173/app"}, false},
		{service.DevMode, []string{"https://user@shop.example.com"}, false},
		{service.DevMode, []string{"https://Shop.example.com"}, false},
		{service.DevMode, []string{"ftp://shop.example.com"}, false},
		{service.DevMode, []string{""}, false},
	} {
		err := Config{AllowedOrigins: tc.origins}.Validate(tc.mode)
		if (err == nil) != tc.ok {
			t.Errorf("%s %q: %v, want ok=%v", tc.mode, tc.origins, err, tc.ok)
		}
	}
}

// No origin allowed is no CORS at all: go-zero's CORS with no origin would
// let every site call.
func TestNoOriginNoCORS(t *testing.T) {
	if opts := Options(Config{}); len(opts) != 0 {
		t.Fatalf("no origin gave %d server options", len(opts))
	}
}
