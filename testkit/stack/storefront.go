package stack

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
)

// StorefrontDir is where `make web` builds the storefront (clients/web).
const StorefrontDir = "clients/web/dist"

// Storefront serves the built storefront from dir, telling its page that
// user-api is at apiURL (an origin of its own: the page calls it with CORS).
// It fails when the storefront is not built.
func Storefront(dir, apiURL string) (http.Handler, error) {
	if _, err := os.Stat(filepath.Join(dir, "app.js")); err != nil {
		return nil, fmt.Errorf("the storefront is not built in %s: run `make web`", dir)
	}
	config := []byte("window.ZSUITE_API = " + strconv.Quote(apiURL) + ";\n")
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'self'; connect-src 'self' "+apiURL+"; img-src 'self' data:; frame-ancestors 'none'")
		h.Set("Cache-Control", "no-cache")
		if r.URL.Path == "/config.js" {
			h.Set("Content-Type", "text/javascript; charset=utf-8")
			_, _ = w.Write(config)
			return
		}
		files.ServeHTTP(w, r)
	}), nil
}
