// Package authctx issues the suite's access tokens and reads the caller's
// identity from a request context that go-zero's JWT middleware has filled.
package authctx

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v4"

	"github.com/zsuite/common/errx"
)

// Claim names in the token. go-zero's JWT middleware copies every claim into
// the request context under its name.
const (
	ClaimUserID = "userId"
	ClaimRole   = "role"
)

// Roles.
const (
	RoleCustomer = "customer"
	RoleAdmin    = "admin"
)

// Identity is who is calling.
type Identity struct {
	UserID int64
	Role   string
}

// IsAdmin reports whether the caller has the admin role.
func (i Identity) IsAdmin() bool { return i.Role == RoleAdmin }

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

// From reads the caller's identity from ctx. It answers UNAUTHENTICATED when
// the context holds no valid identity (a route without the JWT middleware, or
// a token signed by us but without our claims).
func From(ctx context.Context) (Identity, error) {
	id, ok := userID(ctx.Value(ClaimUserID))
	if !ok || id <= 0 {
		return Identity{}, errx.New(errx.Unauthenticated, "missing or invalid access token")
	}
	role, _ := ctx.Value(ClaimRole).(string)
	if role == "" {
		role = RoleCustomer
	}
	return Identity{UserID: id, Role: role}, nil
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

func userID(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		id, err := n.Int64()
		return id, err == nil
	case string:
		id, err := strconv.ParseInt(n, 10, 64)
		return id, err == nil
	case int64:
		return n, true
	case float64:
		return int64(n), n == float64(int64(n))
	default:
		return 0, false
	}
}
