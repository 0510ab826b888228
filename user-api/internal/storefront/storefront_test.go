package storefront

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRoutesServeThePageWithItsHeaders(t *testing.T) {
	routes, err := Routes()
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]http.HandlerFunc{}
	for _, r := range routes {
		if r.Method != http.MethodGet {
			t.Errorf("%s %s: the storefront is read only", r.Method, r.Path)
		}
		byPath[r.Path] = r.Handler
	}
	for path, ctype := range map[string]string{
		"/": "text/html", "/index.html": "text/html", "/app.js": "text/javascript", "/style.css": "text/css", "/config.js": "text/javascript",
	} {
		h, ok := byPath[path]
		if !ok {
			t.Errorf("no route for %s", path)
			continue
		}
		w := httptest.NewRecorder()
		h(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), ctype) || w.Body.Len() == 0 {
			t.Errorf("GET %s: %d %q, %d bytes", path, w.Code, w.Header().Get("Content-Type"), w.Body.Len())
		}
		for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "ETag", "Cache-Control"} {
			if w.Header().Get(k) == "" {
				t.Errorf("GET %s: no %s", path, k)
			}
		}
		// A page loaded again is revalidated, not sent again.
		again := httptest.NewRequest(http.MethodGet, path, nil)
		again.Header.Set("If-None-Match", w.Header().Get("ETag"))
		w2 := httptest.NewRecorder()
		h(w2, again)
		if w2.Code != http.StatusNotModified {
			t.Errorf("GET %s with its ETag: %d, want 304", path, w2.Code)
		}
	}
	// The page finds the API on its own origin.
	w := httptest.NewRecorder()
	byPath["/config.js"](w, httptest.NewRequest(http.MethodGet, "/config.js", nil))
	if !strings.Contains(w.Body.String(), `window.ZSUITE_API = "";`) {
		t.Errorf("config.js does not point the page at its own origin:\n%s", w.Body)
	}
}
