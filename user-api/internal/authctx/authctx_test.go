package authctx

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/zsuite/user-rpc/rules"
)

const secret = "test-secret-0123456789"

func sign(t *testing.T, m jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerify(t *testing.T) {
	now := time.Now()
	good := jwt.MapClaims{ClaimUserID: 7, ClaimRole: rules.RoleCustomer, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{}
		for k, v := range good {
			c[k] = v
		}
		change(c)
		return c
	}
	v := NewVerifier(secret, "previous-secret-0123")

	issued, _, err := IssueToken(secret, Identity{UserID: 7, Role: rules.RoleCustomer}, now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{
		"issued":          issued,
		"previous secret": sign(t, jwt.SigningMethodHS256, []byte("previous-secret-0123"), good),
	} {
		if id, err := v.Verify(token); err != nil || id != (Identity{UserID: 7, Role: rules.RoleCustomer}) {
			t.Errorf("%s: Verify = %v, %v", name, id, err)
		}
	}

	for name, c := range map[string]struct {
		token string
		want  Refusal
	}{
		"HS384":         {sign(t, jwt.SigningMethodHS384, []byte(secret), good), BadAlgorithm},
		"HS512":         {sign(t, jwt.SigningMethodHS512, []byte(secret), good), BadAlgorithm},
		"none":          {sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good), BadAlgorithm},
		"other secret":  {sign(t, jwt.SigningMethodHS256, []byte("another-secret"), good), BadSignature},
		"no exp":        {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { delete(c, "exp") })), NoExpiry},
		"no iat":        {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { delete(c, "iat") })), NoIssuedAt},
		"expired":       {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Hour).Unix() })), Expired},
		"future iat":    {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Hour).Unix() })), IssuedInFuture},
		"no user":       {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { delete(c, ClaimUserID) })), BadClaims},
		"string user":   {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c[ClaimUserID] = "7" })), BadClaims},
		"negative user": {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c[ClaimUserID] = -7 })), BadClaims},
		"unknown role":  {sign(t, jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c[ClaimRole] = "root" })), BadClaims},
		"malformed":     {"not.a.token", BadToken},
		"empty":         {"", BadToken},
	} {
		_, err := v.Verify(c.token)
		var r Refusal
		if !errors.As(err, &r) || r != c.want {
			t.Errorf("%s: Verify = %v, want %q", name, err, c.want)
		}
	}
}

func TestBearerToken(t *testing.T) {
	for header, want := range map[string]string{"Bearer abc": "abc", "bearer abc": "abc", "BEARER a.b.c": "a.b.c"} {
		if got, err := BearerToken(header); err != nil || got != want {
			t.Errorf("BearerToken(%q) = %q, %v", header, got, err)
		}
	}
	for _, header := range []string{"", "abc", "a.b.c", "Basic abc", "Bearer", "Bearer ", "Bearer a b", "Token abc"} {
		if _, err := BearerToken(header); err == nil {
			t.Errorf("BearerToken(%q) accepted", header)
		}
	}
}
