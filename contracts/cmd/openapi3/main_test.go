package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/zeromicro/go-zero/tools/goctl/api/spec"
)

// root is the repository's root, absolute since the tools run elsewhere.
var root, _ = filepath.Abs("../../..")

// convertRepo converts the repository's own user.api and Swagger document.
func convertRepo(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := ConvertFiles(filepath.Join(root, "user-api/user.api"), filepath.Join(root, "docs/openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestEveryOperationDeclaresItsErrors(t *testing.T) {
	doc := convertRepo(t)
	ops := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops++
			for _, status := range []string{"200", "429", "503"} {
				if op.Responses.Value(status) == nil {
					t.Errorf("%s %s declares no %s", method, path, status)
				}
			}
			for _, status := range []string{"429", "503"} {
				if r := op.Responses.Value(status); r != nil && r.Value.Headers["Retry-After"] == nil {
					t.Errorf("%s %s: %s without Retry-After", method, path, status)
				}
			}
			if op.Security != nil && len(*op.Security) > 0 && op.Responses.Value("401") == nil {
				t.Errorf("%s %s needs a token but declares no 401", method, path)
			}
		}
	}
	if ops != 12 {
		t.Errorf("%d operations, want the 12 of user.api", ops)
	}
	// The @doc of createOrder names two 409 codes and a 404.
	create := doc.Paths.Value("/v1/orders").Post
	if got := codesOf(create.Responses.Value("409")); got != "OUT_OF_STOCK,IDEMPOTENCY_KEY_REUSED" {
		t.Errorf("createOrder 409 codes %s", got)
	}
	if got := codesOf(create.Responses.Value("404")); got != "NOT_FOUND" {
		t.Errorf("createOrder 404 codes %s", got)
	}
	if p := create.Parameters.GetByInAndName("header", "Idempotency-Key"); p == nil || !p.Required {
		t.Errorf("createOrder: Idempotency-Key is not a required header: %+v", p)
	}
	// A parameter with a default may be left out.
	if p := doc.Paths.Value("/v1/products").Get.Parameters.GetByInAndName("query", "page"); p == nil || p.Required {
		t.Errorf("listProducts: page should be optional: %+v", p)
	}
}

func codesOf(r *openapi3.ResponseRef) string {
	if r == nil {
		return ""
	}
	var codes []string
	for _, v := range r.Value.Content.Get("application/json").Schema.Value.AllOf[1].Value.Properties["code"].Value.Enum {
		codes = append(codes, v.(string))
	}
	return strings.Join(codes, ",")
}

func TestADocCodeMustMatchErrx(t *testing.T) {
	group := spec.Group{Annotation: spec.Annotation{Properties: map[string]string{"prefix": "/v1/x"}}}
	for doc, wantErr := range map[string]bool{
		`"Frobnicate. 409 OUT_OF_STOCK when it cannot."`:  false,
		`"Frobnicate. 404 OUT_OF_STOCK when it cannot."`:  true, // errx answers OUT_OF_STOCK with 409
		`"Frobnicate. 409 OUT_OF_STOCKS when it cannot."`: true, // no such code
	} {
		_, err := errorsOf(group, spec.Route{Method: "post", Path: "/", AtDoc: spec.AtDoc{Text: doc}})
		if (err != nil) != wantErr {
			t.Errorf("%s: error %v, want error %v", doc, err, wantErr)
		}
	}
}

func TestClause(t *testing.T) {
	for in, want := range map[string]string{
		" (nothing reserved), ":                           "(nothing reserved)",
		" when it is not theirs.":                         "when it is not theirs",
		" for a REJECTED order. Cancelling is idempotent": "for a REJECTED order",
		", ": "",
	} {
		if got := clause(in); got != want {
			t.Errorf("clause(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarshalIsStable(t *testing.T) {
	a, err := Marshal(convertRepo(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Marshal(convertRepo(t))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Fatal("two conversions of the same input differ")
	}
	if !strings.HasPrefix(string(a), "# Code generated") || !strings.Contains(string(a), "\nopenapi: 3.") {
		t.Fatalf("unexpected start:\n%.300s", a)
	}
}
