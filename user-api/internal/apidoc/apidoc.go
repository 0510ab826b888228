// Package apidoc serves user-api's OpenAPI 3 document, docs/openapi.yaml, at
// GET /openapi.yaml. `make gen` writes the embedded copy beside this file.
package apidoc

import (
	_ "embed"
	"net/http"

	"github.com/zeromicro/go-zero/rest"
)

//go:embed openapi.yaml
var document []byte

// Route answers GET /openapi.yaml with the document; it needs no token.
func Route() rest.Route {
	return rest.Route{
		Method: http.MethodGet,
		Path:   "/openapi.yaml",
		Handler: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/yaml")
			_, _ = w.Write(document)
		},
	}
}
