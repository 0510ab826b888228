package httperr

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zeromicro/go-zero/rest/router"

	"github.com/zsuite/common/errx"
)

func TestJSONRouterFillsBodylessErrors(t *testing.T) {
	inner := router.NewRouter()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(inner.Handle(http.MethodGet, "/dropped", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable) // what go-zero's breaker does
	})))
	must(inner.Handle(http.MethodGet, "/json", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write([]byte(`{"code":"CONFLICT","message":"mine"}`))
	})))
	must(inner.Handle(http.MethodGet, "/ok", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{}`))
	})))
	h := JSONRouter(inner)

	for path, want := range map[string]struct {
		status int
		body   errx.Body
	}{
		"/dropped": {http.StatusServiceUnavailable, errx.Body{Code: errx.Unavailable, Message: "the service is busy or a dependency is down, try again later"}},
		"/json":    {http.StatusConflict, errx.Body{Code: errx.Conflict, Message: "mine"}},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		var got errx.Body
		if rec.Code != want.status || json.Unmarshal(rec.Body.Bytes(), &got) != nil || got != want.body {
			t.Errorf("%s: %d %q, want %d %+v", path, rec.Code, rec.Body.String(), want.status, want.body)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ok", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != `{}` {
		t.Errorf("/ok: %d %q", rec.Code, rec.Body.String())
	}
}
