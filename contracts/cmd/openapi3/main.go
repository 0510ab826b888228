// Command openapi3 writes user-api's OpenAPI 3 document: goctl's Swagger 2.0
// (docs/openapi.json) converted by kin-openapi's openapi2conv, completed with
// what goctl cannot express, read from the .api file itself:
//
//   - the error body {"code","message"} on every error answer, with the codes
//     each operation can answer, from its @doc ("409 OUT_OF_STOCK ...",
//     checked against common/errx's table) and from its shape: 400
//     INVALID_ARGUMENT when it takes input, 401 UNAUTHENTICATED and the
//     bearer security scheme when its group has `jwt:` or `middleware: Auth`;
//   - 429 RATE_LIMITED and 503 UNAVAILABLE, each with Retry-After, on every
//     operation, since every route is rate limited and any can meet an outage;
//   - an example of every error answer.
//
// `make gen` runs it; its output is byte-stable, so gen-check covers it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/zeromicro/go-zero/tools/goctl/api/spec"
	"github.com/zeromicro/go-zero/tools/goctl/pkg/parser/api/parser"
	"go.yaml.in/yaml/v3"

	"github.com/zsuite/common/errx"
)

func main() {
	apiFile := flag.String("api", "user-api/user.api", "the .api file goctl generated the Swagger document from")
	swaggerFile := flag.String("swagger", "docs/openapi.json", "goctl's Swagger 2.0 document")
	var outs outputs
	flag.Var(&outs, "out", "where to write the OpenAPI 3 document (repeatable)")
	flag.Parse()
	if len(outs) == 0 {
		log.Fatal("openapi3: no -out")
	}

	doc, err := ConvertFiles(*apiFile, *swaggerFile)
	if err != nil {
		log.Fatalf("openapi3: %v", err)
	}
	out, err := Marshal(doc)
	if err != nil {
		log.Fatalf("openapi3: %v", err)
	}
	for _, o := range outs {
		if err := os.WriteFile(o, out, 0o644); err != nil {
			log.Fatalf("openapi3: %v", err)
		}
	}
}

// ConvertFiles reads the .api file and goctl's Swagger 2.0 document made from
// it, and converts them (Convert).
func ConvertFiles(apiFile, swaggerFile string) (*openapi3.T, error) {
	api, err := parser.Parse(apiFile, "")
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(swaggerFile)
	if err != nil {
		return nil, err
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(raw, &doc2); err != nil {
		return nil, fmt.Errorf("%s: %w", swaggerFile, err)
	}
	return Convert(api, &doc2)
}

type outputs []string

func (o *outputs) String() string     { return strings.Join(*o, ",") }
func (o *outputs) Set(s string) error { *o = append(*o, s); return nil }

// retryAfterRequired: every 429 and 503 must carry Retry-After (common/errx
// gives every one a value).
const retryAfterRequired = true

const (
	securityScheme = "bearerAuth"
	errorSchema    = "Error"
	retryAfter     = "Retry-After"
)

// Answers every operation can give, whatever it does.
var everyOperation = []declared{
	{http: 429, code: errx.RateLimited, note: "too many requests from this client; retry after Retry-After seconds"},
	{http: 503, code: errx.Unavailable, note: "a service this request needs is unavailable; retry after Retry-After seconds"},
}

// declared is one error code an operation answers with, and why.
type declared struct {
	http int
	code errx.Code
	note string
}

// Convert turns goctl's Swagger 2.0 into OpenAPI 3 and adds to every operation
// what the .api says about it beyond its types.
func Convert(api *spec.ApiSpec, doc2 *openapi2.T) (*openapi3.T, error) {
	// goctl's own marks, which describe the Swagger file, not this one.
	doc2.Extensions = nil
	doc, err := openapi2conv.ToV3(doc2)
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	doc.Info.Description = unquote(api.Info.Properties["desc"])
	// Relative to the user-api that serves the document at /openapi.yaml.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	doc.Components.SecuritySchemes = openapi3.SecuritySchemes{securityScheme: {Value: &openapi3.SecurityScheme{
		Type: "http", Scheme: "bearer", BearerFormat: "JWT",
		Description: "the accessToken that POST /v1/users/login answers",
	}}}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	retryAfterHeader := &openapi3.Header{Parameter: openapi3.Parameter{
		Description: "whole seconds to wait before retrying",
		Required:    retryAfterRequired,
		Schema:      openapi3.NewIntegerSchema().WithMin(1).NewRef(),
	}}
	doc.Components.Headers = openapi3.Headers{retryAfter: {Value: retryAfterHeader}}
	retryAfterRef := &openapi3.HeaderRef{Ref: "#/components/headers/" + retryAfter, Value: retryAfterHeader}

	// The error body; each operation's answers narrow its code to theirs.
	errorBody := &openapi3.Schema{
		Type:        &openapi3.Types{openapi3.TypeObject},
		Description: "Every error answer's body.",
		Required:    []string{"code", "message"},
		Properties: openapi3.Schemas{
			"code":    {Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Description: "stable, for programs (common/errx)"}},
			"message": {Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Description: "for people, not for programs"}},
		},
	}
	doc.Components.Schemas[errorSchema] = &openapi3.SchemaRef{Value: errorBody}
	errorRef := &openapi3.SchemaRef{Ref: "#/components/schemas/" + errorSchema, Value: errorBody}

	for _, group := range api.Service.Groups {
		for _, route := range group.Routes {
			p := swaggerPath(group, route)
			item := doc.Paths.Value(p)
			if item == nil || item.GetOperation(strings.ToUpper(route.Method)) == nil {
				return nil, fmt.Errorf("%s %s of the .api is not in the Swagger document", route.Method, p)
			}
			op := item.GetOperation(strings.ToUpper(route.Method))
			errs, err := errorsOf(group, route)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", route.Method, p, err)
			}
			if authenticated(group) {
				op.Security = &openapi3.SecurityRequirements{{securityScheme: {}}}
			}
			if g := group.GetAnnotation("group"); g != "" {
				op.Tags = []string{g}
			}
			fixParameters(op, route)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				// openapi2conv's note of the Swagger parameter's name.
				delete(op.RequestBody.Value.Extensions, "x-originalParamName")
			}
			for code, r := range op.Responses.Map() {
				if r.Value != nil && (r.Value.Description == nil || *r.Value.Description == "") {
					n, _ := strconv.Atoi(code)
					r.Value.WithDescription(http.StatusText(n))
				}
			}
			addErrorResponses(op, errs, errorRef, retryAfterRef)
		}
	}
	dropUnused(doc)
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the converted document is not valid OpenAPI 3: %w", err)
	}
	return doc, nil
}

// dropUnused removes the schemas nothing refers to: goctl defines one for
// every type, also those that only carry path and query parameters.
func dropUnused(doc *openapi3.T) {
	for {
		j, err := json.Marshal(doc)
		if err != nil {
			return
		}
		removed := false
		for name := range doc.Components.Schemas {
			if !bytes.Contains(j, []byte(`"#/components/schemas/`+name+`"`)) {
				delete(doc.Components.Schemas, name)
				removed = true
			}
		}
		if !removed {
			return
		}
	}
}

// swaggerPath is the route's path as goctl's swagger writes it (api/swagger/path.go).
func swaggerPath(group spec.Group, route spec.Route) string {
	var parts []string
	for _, s := range strings.Split(route.Path, "/") {
		if strings.HasPrefix(s, ":") {
			s = "{" + s[1:] + "}"
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	p := "/" + strings.Join(parts, "/")
	prefix := path.Clean(strings.TrimPrefix(group.GetAnnotation("prefix"), "/"))
	if prefix == "." || prefix == "" {
		return p
	}
	if p == "/" {
		return "/" + prefix
	}
	return "/" + prefix + p
}

// fixParameters corrects what goctl says of parameters: one with a default
// may be left out (go-zero fills it in), and a header is required unless
// its tag says optional, as go-zero parses it.
func fixParameters(op *openapi3.Operation, route spec.Route) {
	headers := map[string]bool{}
	if st, ok := route.RequestType.(spec.DefineStruct); ok {
		for _, m := range st.Members {
			tags, err := spec.Parse(m.Tag)
			if err != nil {
				continue
			}
			if h, err := tags.Get("header"); err == nil {
				headers[h.Name] = !slices.Contains(h.Options, "optional")
			}
		}
	}
	for _, ref := range op.Parameters {
		p := ref.Value
		if p.In == openapi3.ParameterInHeader {
			p.Required = headers[p.Name]
		}
		if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Default != nil {
			p.Required = false
		}
	}
}

// statusCode is "409 OUT_OF_STOCK" in an @doc.
var statusCode = regexp.MustCompile(`\b([1-5][0-9][0-9]) ([A-Z][A-Z_]*[A-Z])\b`)

// errorsOf lists the error codes route answers with: those its @doc names,
// then those its shape implies, then those of every operation.
func errorsOf(group spec.Group, route spec.Route) ([]declared, error) {
	var errs []declared
	add := func(d declared) {
		for _, have := range errs {
			if have.code == d.code && have.http == d.http {
				return
			}
		}
		errs = append(errs, d)
	}
	text := unquote(route.AtDoc.Text)
	if s, ok := route.AtDoc.Properties["summary"]; ok {
		text = unquote(s)
	}
	matches := statusCode.FindAllStringSubmatchIndex(text, -1)
	for i, m := range matches {
		status, _ := strconv.Atoi(text[m[2]:m[3]])
		code := errx.Code(text[m[4]:m[5]])
		if got := errx.New(code, "").HTTPStatus(); got != status {
			return nil, fmt.Errorf("@doc says %d %s, but common/errx answers %s with %d (or does not know it)", status, code, code, got)
		}
		end := len(text)
		if i+1 < len(matches) {
			end = matches[i+1][0]
		}
		add(declared{http: status, code: code, note: clause(text[m[1]:end])})
	}
	if route.RequestType != nil {
		add(declared{http: 400, code: errx.InvalidArgument, note: "the request does not match this operation's parameters or body"})
	}
	if authenticated(group) {
		add(declared{http: 401, code: errx.Unauthenticated, note: "missing, invalid or expired access token"})
	}
	for _, d := range everyOperation {
		add(d)
	}
	return errs, nil
}

// clause is what an @doc says about a code: the text after it up to the end
// of its sentence or the next code.
func clause(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	return strings.Trim(s, " ,;.")
}

// addErrorResponses declares, per status, the error body with the codes op
// answers with; 429 and 503 also carry Retry-After.
func addErrorResponses(op *openapi3.Operation, errs []declared, errorRef *openapi3.SchemaRef, retryAfterRef *openapi3.HeaderRef) {
	byStatus := map[int][]declared{}
	for _, e := range errs {
		byStatus[e.http] = append(byStatus[e.http], e)
	}
	for status, ds := range byStatus {
		var codes []any
		var notes []string
		examples := openapi3.Examples{}
		for _, d := range ds {
			codes = append(codes, string(d.code))
			note := string(d.code)
			if d.note != "" {
				note += ": " + d.note
			}
			notes = append(notes, note)
			message := d.note
			if message == "" {
				message = strings.ToLower(strings.ReplaceAll(string(d.code), "_", " "))
			}
			examples[string(d.code)] = &openapi3.ExampleRef{Value: &openapi3.Example{
				Value: map[string]any{"code": string(d.code), "message": message},
			}}
		}
		resp := openapi3.NewResponse().WithDescription(strings.Join(notes, "; ")).WithContent(openapi3.Content{
			"application/json": &openapi3.MediaType{
				Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{AllOf: openapi3.SchemaRefs{
					errorRef,
					{Value: &openapi3.Schema{
						Type:       &openapi3.Types{openapi3.TypeObject},
						Properties: openapi3.Schemas{"code": openapi3.NewStringSchema().WithEnum(codes...).NewRef()},
					}},
				}}},
				Examples: examples,
			},
		})
		if status == 429 || status == 503 {
			resp.Headers = openapi3.Headers{retryAfter: retryAfterRef}
		}
		op.Responses.Set(strconv.Itoa(status), &openapi3.ResponseRef{Value: resp})
	}
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

// topLevel is the order of the document's top-level keys, for a reader.
var topLevel = []string{"openapi", "info", "servers", "tags", "security", "paths", "components"}

// Marshal is doc as YAML, keys sorted (top-level keys in the usual order), so
// that the same document always gives the same bytes.
func Marshal(doc *openapi3.T) ([]byte, error) {
	j, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	// JSON is YAML: read it as nodes, which keep json's sorted key order.
	var root yaml.Node
	if err := yaml.Unmarshal(j, &root); err != nil {
		return nil, err
	}
	plain(&root)
	top := root.Content[0]
	pairs := make([][2]*yaml.Node, 0, len(top.Content)/2)
	for i := 0; i+1 < len(top.Content); i += 2 {
		pairs = append(pairs, [2]*yaml.Node{top.Content[i], top.Content[i+1]})
	}
	rank := func(k string) int {
		if i := slices.Index(topLevel, k); i >= 0 {
			return i
		}
		return len(topLevel)
	}
	slices.SortStableFunc(pairs, func(a, b [2]*yaml.Node) int { return rank(a[0].Value) - rank(b[0].Value) })
	top.Content = top.Content[:0]
	for _, p := range pairs {
		top.Content = append(top.Content, p[0], p[1])
	}
	var buf bytes.Buffer
	buf.WriteString("# Code generated by `make gen` (contracts/cmd/openapi3) from user-api/user.api. DO NOT EDIT.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plain drops the quoting and flow style JSON had, so that YAML writes block
// style and quotes only what needs it.
func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}

// authenticated reports whether a group's routes need a bearer token: go-zero's
// `jwt:`, or user-api's own Auth middleware (`middleware: Auth`), which
// verifies the token more strictly than go-zero's.
func authenticated(group spec.Group) bool {
	if group.GetAnnotation("jwt") != "" {
		return true
	}
	for _, m := range strings.Split(group.GetAnnotation("middleware"), ",") {
		if strings.TrimSpace(m) == "Auth" {
			return true
		}
	}
	return false
}
