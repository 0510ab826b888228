package readfloor

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

func token(t *testing.T, secret string, claims jwt.MapClaims, method jwt.SigningMethod) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The floor checks a token as user-api does: HS256 with the secret, not
// expired, and reads the userId claim.
func TestUserID(t *testing.T) {
	a := &API{secret: []byte("s3cret")}
	exp := time.Now().Add(time.Hour).Unix()
	good := token(t, "s3cret", jwt.MapClaims{"userId": 42, "role": "customer", "exp": exp}, jwt.SigningMethodHS256)
	if id, err := a.userID("Bearer " + good); err != nil || id != 42 {
		t.Fatalf("good token: %d %v", id, err)
	}
	for name, header := range map[string]string{
		"no bearer":      good,
		"wrong secret":   "Bearer " + token(t, "other", jwt.MapClaims{"userId": 42, "exp": exp}, jwt.SigningMethodHS256),
		"expired":        "Bearer " + token(t, "s3cret", jwt.MapClaims{"userId": 42, "exp": time.Now().Add(-time.Minute).Unix()}, jwt.SigningMethodHS256),
		"no userId":      "Bearer " + token(t, "s3cret", jwt.MapClaims{"exp": exp}, jwt.SigningMethodHS256),
		"not a token":    "Bearer x.y.z",
		"empty":          "",
		"other alg none": "Bearer " + token(t, "s3cret", jwt.MapClaims{"userId": 42, "exp": exp}, jwt.SigningMethodHS512)[:0] + "eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOjQyfQ.",
	} {
		if _, err := a.userID(header); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
