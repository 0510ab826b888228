// Package storefront serves the storefront (clients/web) from user-api's own
// origin: the page and its assets at GET /, /index.html, /app.js, /style.css
// and /config.js, embedded in the binary. `make gen` builds the storefront
// and writes site/ beside this file (the way apidoc embeds the OpenAPI
// document), so that wherever user-api runs (compose, Kubernetes behind the
// gateway) the page and the API share one origin and need no CORS. make run
// also serves the page on a port of its own, which exercises CORS.
package storefront

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"

	"github.com/zeromicro/go-zero/rest"
)

//go:embed site
var site embed.FS

// headers are those of every answer: the page runs its own scripts and
// styles only, talks to its own origin only, and is never framed.
var headers = map[string]string{
	"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "no-referrer",
	"X-Frame-Options":        "DENY",
	// Revalidated on every load (ETag): a new release is seen at once.
	"Cache-Control": "no-cache",
}

// Routes are the storefront's routes: one per file of site/, and / for
// index.html.
func Routes() ([]rest.Route, error) {
	files, err := fs.ReadDir(site, "site")
	if err != nil {
		return nil, err
	}
	var routes []rest.Route
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		body, err := site.ReadFile(path.Join("site", f.Name()))
		if err != nil {
			return nil, err
		}
		h := handler(f.Name(), body)
		routes = append(routes, rest.Route{Method: http.MethodGet, Path: "/" + f.Name(), Handler: h})
		if f.Name() == "index.html" {
			routes = append(routes, rest.Route{Method: http.MethodGet, Path: "/", Handler: h})
		}
	}
	return routes, nil
}

func handler(name string, body []byte) http.HandlerFunc {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	ctype := mime.TypeByExtension(path.Ext(name))
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("ETag", etag)
		// ServeContent answers If-None-Match with 304 and Range requests.
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
	}
}
