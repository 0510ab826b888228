// Package rules holds user-rpc's input rules for usernames, passwords and
// emails, and the roles an account has. user-rpc enforces them; the BFF
// checks them too, to answer early, and puts the roles in its tokens.
package rules

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zsuite/common/errx"
)

// The roles of an account.
const (
	RoleCustomer = "customer"
	RoleAdmin    = "admin"
)

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_]{3,32}$`)

// Limits of a password, in bytes. 72 is bcrypt's limit.
const (
	MinPasswordBytes = 8
	MaxPasswordBytes = 72
	maxEmailBytes    = 254
)

// Username checks a username: 3 to 32 of [A-Za-z0-9_].
func Username(s string) error {
	if !usernamePattern.MatchString(s) {
		return errx.New(errx.InvalidArgument, "username must be 3 to 32 characters of letters, digits and underscores")
	}
	return nil
}

// Password checks a password: 8 to 72 bytes (bcrypt's limit) of UTF-8 text
// without control characters. bcrypt stops at a NUL byte, so a password of
// NULs would be opened by any other run of them.
func Password(s string) error {
	if len(s) < MinPasswordBytes || len(s) > MaxPasswordBytes {
		return errx.New(errx.InvalidArgument, "password must be 8 to 72 bytes long")
	}
	if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return errx.New(errx.InvalidArgument, "password must be UTF-8 text without control characters")
	}
	return nil
}

// Email checks an optional email: empty, or one plain address.
func Email(s string) error {
	if s == "" {
		return nil
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" || len(s) > maxEmailBytes || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return errx.New(errx.InvalidArgument, "email is not a valid address")
	}
	return nil
}

// UsernameKey is the form a username is unique in: its lower case.
func UsernameKey(username string) string { return strings.ToLower(username) }
