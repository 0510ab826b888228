// Package guard checks what every request's body must be before any handler
// reads it: one JSON value of bounded depth, in UTF-8, with nothing after it.
// go-zero's parser decodes the first value and ignores the rest, and reports
// a deeply nested body with a message that quotes it.
package guard

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-api/internal/httperr"
)

// MaxDepth bounds the nesting of a body; the suite's deepest is 3.
const MaxDepth = 16

// Middleware refuses a body that is not one JSON value with 400
// INVALID_ARGUMENT, and hands the handler the body it read.
func Middleware(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next(w, r)
			return
		}
		body, err := io.ReadAll(r.Body) // bounded by go-zero's MaxBytes
		_ = r.Body.Close()
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				httperr.Write(w, r, errx.New(errx.InvalidArgument, "the request body is too large"))
				return
			}
			httperr.Write(w, r, errx.New(errx.InvalidArgument, "the request body could not be read"))
			return
		}
		if len(bytes.TrimSpace(body)) > 0 {
			if err := Check(body); err != nil {
				httperr.Write(w, r, errx.New(errx.InvalidArgument, err.Error()))
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r)
	}
}

// Check says what is wrong with body as a request's JSON, without quoting it.
func Check(body []byte) error {
	if !utf8.Valid(body) {
		return errors.New("the request body must be UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return errors.New("the request body is not valid JSON")
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
				if depth > MaxDepth {
					return errors.New("the request body is nested too deeply")
				}
			default:
				depth--
			}
		}
		if depth == 0 {
			break
		}
	}
	if len(bytes.TrimSpace(body[dec.InputOffset():])) > 0 {
		return errors.New("the request body must hold one JSON value and nothing after it")
	}
	return nil
}
