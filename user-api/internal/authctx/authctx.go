// Package authctx issues and verifies the suite's access tokens and carries
// the caller's identity in a request's context.
package authctx

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/zsuite/common/bounds"
	"github.com/zsuite/common/errx"
	"github.com/zsuite/user-rpc/rules"
)

// Claim names in the token.
const (
	ClaimUserID = "userId"
	ClaimRole   = "role"
)

// Leeway is how far the clocks of the issuer and a verifier may disagree:
// a token issued up to this far in the future, or expired up to this long
// ago, is still accepted.
const Leeway = 30 * time.Second

// Identity is who is calling.
type Identity struct {
	UserID int64
	Role   string
}

// IsAdmin reports whether the caller has the admin role.
func (i Identity) IsAdmin() bool { return i.Role == rules.RoleAdmin }

// IssueToken signs an HS256 token for id that expires after ttl.
func IssueToken(secret string, id Identity, now time.Time, ttl time.Duration) (token string, expiresAt int64, err error) {
	expiresAt = now.Add(ttl).Unix()
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		ClaimUserID: id.UserID,
		ClaimRole:   id.Role,
		"iat":       now.Unix(),
		"exp":       expiresAt,
	})
	token, err = t.SignedString([]byte(secret))
	if err != nil {
		return "", 0, fmt.Errorf("sign token: %w", err)
	}
	return token, expiresAt, nil
}

// Verifier checks access tokens as the suite issues them, and nothing looser:
// HS256 only, `exp` and `iat` required, `iat` not in the future (beyond
// Leeway), signed with the current secret or, while a rotation rolls out,
// the previous one.
type Verifier struct {
	secrets [][]byte
	parser  *jwt.Parser
}

// NewVerifier returns a Verifier for secret and, when not empty, previous.
func NewVerifier(secret, previous string) *Verifier {
	v := &Verifier{
		secrets: [][]byte{[]byte(secret)},
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(Leeway),
			jwt.WithJSONNumber(),
		),
	}
	if previous != "" && previous != secret {
		v.secrets = append(v.secrets, []byte(previous))
	}
	return v
}

// Refusal is why a token was refused, safe to log: it never holds the token.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// The reasons a request's credentials are refused.
const (
	NoToken          Refusal = "no Authorization header"
	NotBearer        Refusal = "the Authorization header is not 'Bearer <token>'"
	BadToken         Refusal = "malformed token"
	BadAlgorithm     Refusal = "token not signed with HS256"
	BadSignature     Refusal = "token signature invalid"
	Expired          Refusal = "token expired"
	NoExpiry         Refusal = "token without exp"
	NoIssuedAt       Refusal = "token without iat"
	IssuedInFuture   Refusal = "token issued in the future"
	BadClaims        Refusal = "token claims invalid"
	NoSuchAccount    Refusal = "the token's account does not exist"
	AccountUnchecked Refusal = "the token's account could not be checked"
)

// BearerToken returns the token of an "Authorization: Bearer <token>" header
// value. The scheme's case does not matter (RFC 9110); nothing else is
// accepted: no other scheme, no bare token.
func BearerToken(header string) (string, error) {
	if header == "" {
		return "", NoToken
	}
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return "", NotBearer
	}
	return token, nil
}

// Verify checks token and returns whom it speaks for, or a Refusal.
func (v *Verifier) Verify(token string) (Identity, error) {
	var lastErr error
	for _, secret := range v.secrets {
		claims := jwt.MapClaims{}
		_, err := v.parser.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return secret, nil })
		if err == nil {
			return identity(claims)
		}
		lastErr = err
		if !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			break // another secret would not change the verdict
		}
	}
	return Identity{}, refusal(lastErr)
}

func refusal(err error) Refusal {
	switch {
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		// Also what the parser says of an algorithm it was told not to accept.
		if strings.Contains(err.Error(), "signing method") {
			return BadAlgorithm
		}
		return BadSignature
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return BadAlgorithm
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return NoExpiry
	case errors.Is(err, jwt.ErrTokenExpired):
		return Expired
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return IssuedInFuture
	case errors.Is(err, jwt.ErrTokenMalformed):
		return BadToken
	default:
		return BadClaims
	}
}

func identity(claims jwt.MapClaims) (Identity, error) {
	if _, ok := claims["iat"]; !ok {
		return Identity{}, NoIssuedAt
	}
	n, ok := claims[ClaimUserID].(interface{ Int64() (int64, error) })
	if !ok {
		return Identity{}, BadClaims
	}
	id, err := n.Int64()
	if err != nil || id <= 0 || id > bounds.MaxID {
		return Identity{}, BadClaims
	}
	role, _ := claims[ClaimRole].(string)
	switch role {
	case rules.RoleCustomer, rules.RoleAdmin:
	default:
		return Identity{}, BadClaims
	}
	return Identity{UserID: id, Role: role}, nil
}

type identityKey struct{}

// With returns ctx carrying id.
func With(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// From reads the caller's identity from ctx. It answers UNAUTHENTICATED when
// the context holds none (a route without the Auth middleware).
func From(ctx context.Context) (Identity, error) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	if !ok || id.UserID <= 0 {
		return Identity{}, errx.New(errx.Unauthenticated, "missing or invalid access token")
	}
	return id, nil
}

// RequireAdmin returns the caller's identity, or PERMISSION_DENIED when the
// caller is not an admin.
func RequireAdmin(ctx context.Context) (Identity, error) {
	id, err := From(ctx)
	if err != nil {
		return id, err
	}
	if !id.IsAdmin() {
		return id, errx.New(errx.PermissionDenied, "this action needs the admin role")
	}
	return id, nil
}
