// Package password hashes and verifies passwords with bcrypt.
package password

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Hash returns the bcrypt hash of plain at cost.
func Hash(plain string, cost int) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(plain), cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// Verify reports whether plain matches hash. An empty hash (no such user) is
// compared against a fixed hash of the same cost, so that an unknown user
// takes as long to refuse as a wrong password.
func Verify(hash, plain string, cost int) (bool, error) {
	if hash == "" {
		hash = dummyHash(cost)
		_ = bcrypt.CompareHashAndPassword([]byte(hash), []byte(plain))
		return false, nil
	}
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(plain))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, nil
	default:
		return false, fmt.Errorf("verify password: %w", err)
	}
}

var dummies sync.Map // cost -> hash

func dummyHash(cost int) string {
	if h, ok := dummies.Load(cost); ok {
		return h.(string)
	}
	h, _ := bcrypt.GenerateFromPassword([]byte("not a password anyone has"), cost)
	dummies.Store(cost, string(h))
	return string(h)
}
