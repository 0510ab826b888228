package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/zsuite/testkit"
)

// TestMain removes the services' binaries the suites ran when the tests end.
func TestMain(m *testing.M) { os.Exit(testkit.Main(m)) }

// errorBody is every error's JSON.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, body, err)
	}
	return v
}

// wantError checks an error answer: its status, its code, and that it is JSON
// with a non-empty message.
func wantError(t *testing.T, status int, body []byte, wantStatus int, wantCode string) errorBody {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d; body %s", status, wantStatus, body)
	}
	e := decode[errorBody](t, body)
	if e.Code != wantCode || e.Message == "" {
		t.Fatalf("error %+v, want code %s with a message", e, wantCode)
	}
	return e
}

type user struct {
	ID        int64  `json:"id"`
	Username  string `json:"username"`
	Email     string `json:"email"`
	Role      string `json:"role"`
	CreatedAt string `json:"createdAt"`
}

type loginResp struct {
	AccessToken string `json:"accessToken"`
	ExpiresAt   int64  `json:"expiresAt"`
}

func registerUser(t *testing.T, s *testkit.Suite, username, password string) user {
	t.Helper()
	status, body := s.Do(t, http.MethodPost, "/v1/users/register", "",
		mustJSON(t, map[string]string{"username": username, "password": password}))
	if status != http.StatusOK {
		t.Fatalf("register %s: %d %s", username, status, body)
	}
	return decode[user](t, body)
}

func login(t *testing.T, s *testkit.Suite, username, password string) string {
	t.Helper()
	status, body := s.Do(t, http.MethodPost, "/v1/users/login", "",
		mustJSON(t, map[string]string{"username": username, "password": password}))
	if status != http.StatusOK {
		t.Fatalf("login %s: %d %s", username, status, body)
	}
	return decode[loginResp](t, body).AccessToken
}

// newCustomer registers a user with a unique name and returns its token.
func newCustomer(t *testing.T, s *testkit.Suite, name string) (user, string) {
	t.Helper()
	u := registerUser(t, s, name, "password-"+name)
	return u, login(t, s, name, "password-"+name)
}

func path(format string, args ...any) string { return fmt.Sprintf(format, args...) }
