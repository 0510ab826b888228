package httperr

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/zsuite/common/errx"
)

func TestHTTPErrorHidesInternals(t *testing.T) {
	code, body := ErrorHandler(context.Background(), errors.New(`pq: relation "users" does not exist`))
	if code != http.StatusInternalServerError || body != (errx.Body{Code: errx.Internal, Message: "internal error"}) {
		t.Fatalf("ErrorHandler = %d %+v", code, body)
	}
	code, body = ErrorHandler(context.Background(), errx.New(errx.OutOfStock, "short"))
	if code != http.StatusConflict || body != (errx.Body{Code: errx.OutOfStock, Message: "short"}) {
		t.Fatalf("ErrorHandler = %d %+v", code, body)
	}
}

func TestBadRequestKeepsTypedErrors(t *testing.T) {
	if e, _ := errx.From(BadRequest(errors.New(`field "x" is not set`))); e.Code != errx.InvalidArgument {
		t.Fatalf("parse error became %v", e)
	}
	if e, _ := errx.From(BadRequest(errx.New(errx.Conflict, "c"))); e.Code != errx.Conflict {
		t.Fatalf("typed error became %v", e)
	}
	if BadRequest(nil) != nil {
		t.Fatal("BadRequest(nil) must be nil")
	}
}
