package guard

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, ok := range []string{`{}`, `{"a":[1,{"b":"c"}]}`, ` {"a":1} `, `"x"`, `1`, `[]`} {
		if err := Check([]byte(ok)); err != nil {
			t.Errorf("Check(%s) = %v", ok, err)
		}
	}
	for _, bad := range []string{
		`{"a":1}{"b":2}`, `{"a":1} x`, `{"a":1}]`, `{"a":`, `{'a':1}`, "{\"a\":\"cl\xe9\"}",
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
		strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000),
	} {
		err := Check([]byte(bad))
		if err == nil {
			t.Errorf("Check(%.40q) accepted", bad)
			continue
		}
		if len(err.Error()) > 80 {
			t.Errorf("Check's message is %d bytes: it must not quote the body", len(err.Error()))
		}
	}
}
