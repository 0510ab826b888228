package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// OpenAPIDocument is the published API document every exchange through
// Suite.Call is held to, relative to the repository root.
const OpenAPIDocument = "docs/openapi.yaml"

// contract is the published document and what the test binary exercised of it.
type contract struct {
	doc    *openapi3.T
	router routers.Router

	mu   sync.Mutex
	seen map[string]int // "operationId status" -> exchanges
}

var loadContract = sync.OnceValues(func() (*contract, error) {
	root, err := Root()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join(root, OpenAPIDocument))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", OpenAPIDocument, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("%s is not valid OpenAPI: %w", OpenAPIDocument, err)
	}
	// The document's server is relative ("/"); the suite runs on a port of its own.
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &contract{doc: doc, router: router, seen: map[string]int{}}, nil
})

// contractState is what a Suite found against the document.
type contractState struct {
	mu         sync.Mutex
	violations []string
}

// checkContract holds one exchange with user-api to the published document:
// the request (its parameters, body and credentials) and the answer (its
// status is declared for the operation, its body and headers match). A
// request the document does not allow must be refused with an error the
// operation declares; a path the document does not know must answer 404 or
// 405 with the error body; a CORS preflight, 204 with none. What fails is reported when the test ends.
func (s *Suite) checkContract(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	if err := CheckContract(req, reqBody, resp, respBody); err != nil {
		s.contract.add(err.Error())
	}
}

// CheckContract holds one exchange with user-api to the published document
// as every Suite.Call is (checkContract), and returns what breaks it.
func CheckContract(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) error {
	c, err := loadContract()
	if err != nil {
		return err
	}
	if err := c.check(req, reqBody, resp, respBody); err != nil {
		return fmt.Errorf("%s %s -> %d %s\n    %v", req.Method, req.URL.RequestURI(), resp.StatusCode, clip(respBody), err)
	}
	return nil
}

func (c *contract) check(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) error {
	// The validator reads the request again.
	req = req.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(reqBody))

	if req.Method == http.MethodOptions && req.Header.Get("Access-Control-Request-Method") != "" {
		// A browser's CORS preflight: answered before any route, by the
		// CORS layer, with no body (docs/operations.md).
		if resp.StatusCode != http.StatusNoContent || len(respBody) != 0 {
			return fmt.Errorf("a CORS preflight must be answered 204 with no body")
		}
		return nil
	}
	route, pathParams, err := c.router.FindRoute(req)
	if err != nil {
		// Not an operation of the document: only "no such route" answers are allowed.
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
			return fmt.Errorf("no operation in %s for this request (%v), yet it was answered %d", OpenAPIDocument, err, resp.StatusCode)
		}
		return c.validateError(respBody)
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:         true,
			AuthenticationFunc: bearerPresent,
		},
	}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	if reqErr != nil && resp.StatusCode < 400 {
		return fmt.Errorf("the request is outside the document, yet it was answered %d: %v", resp.StatusCode, reqErr)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	out.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("the answer does not match operation %s: %v", route.Operation.OperationID, err)
	}
	c.mu.Lock()
	c.seen[fmt.Sprintf("%s %d", route.Operation.OperationID, resp.StatusCode)]++
	c.mu.Unlock()
	return nil
}

type requestBodyKey struct{}

// ContractProxy starts a proxy to user-api that holds every exchange through
// it to the published document, as Call does, and returns its URL: for
// clients other than Call, such as the TypeScript smoke client. It stops when
// the test ends.
func (s *Suite) ContractProxy(t testing.TB) string {
	t.Helper()
	target, err := url.Parse(s.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		reqBody, _ := resp.Request.Context().Value(requestBodyKey{}).([]byte)
		s.checkContract(resp.Request, reqBody, resp, body)
		return nil
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestBodyKey{}, body)))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// validateError checks body against the document's error schema.
func (c *contract) validateError(body []byte) error {
	schema := c.doc.Components.Schemas["Error"]
	if schema == nil {
		return errors.New("the document has no Error schema")
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("the error body is not JSON: %w", err)
	}
	return schema.Value.VisitJSON(v, openapi3.MultiErrors())
}

// bearerPresent is the document's bearer scheme as a client sees it: a token
// is sent. Whether user-api accepts it is the answer's business (401).
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme.Type == "http" && in.SecurityScheme.Scheme == "bearer" {
		if strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
			return nil
		}
		return errors.New("no bearer token")
	}
	return fmt.Errorf("security scheme %s is not known to the test kit", in.SecuritySchemeName)
}

func (st *contractState) add(v string) {
	st.mu.Lock()
	st.violations = append(st.violations, v)
	st.mu.Unlock()
}

// reportContract fails the suite's test with every exchange that broke the
// document, and writes the coverage of the document so far.
func (s *Suite) reportContract() {
	s.contract.mu.Lock()
	violations := slices.Clone(s.contract.violations)
	s.contract.mu.Unlock()
	const most = 20
	for i, v := range violations {
		if i == most {
			s.t.Errorf("... and %d more answers outside %s", len(violations)-most, OpenAPIDocument)
			break
		}
		s.t.Errorf("outside %s: %s", OpenAPIDocument, v)
	}
	c, err := loadContract()
	if err != nil {
		return
	}
	report, exercised, declared := c.coverage()
	s.t.Logf("%s: %d of %d declared (operation, status) pairs exercised so far by this test binary", OpenAPIDocument, exercised, declared)
	if root, err := Root(); err == nil {
		dir := filepath.Join(root, ".local")
		if os.MkdirAll(dir, 0o755) == nil {
			_ = os.WriteFile(filepath.Join(dir, "contract-coverage-"+filepath.Base(os.Args[0])+".txt"), []byte(report), 0o644)
		}
	}
}

// coverage is a report of the document's (operation, status) pairs, each
// marked with how often the tests exercised it.
func (c *contract) coverage() (report string, exercised, declared int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	var lines []string
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				key := fmt.Sprintf("%s %s", op.OperationID, status)
				n := c.seen[key]
				mark := "  -"
				if n > 0 {
					mark = fmt.Sprintf("%3d", n)
					exercised++
				}
				declared++
				lines = append(lines, fmt.Sprintf("%s  %-22s %s  %s %s", mark, op.OperationID, status, method, path))
			}
		}
	}
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[5:], b[5:]) })
	fmt.Fprintf(&b, "%d of %d declared (operation, status) pairs exercised (count, or - for none)\n", exercised, declared)
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.String(), exercised, declared
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}
