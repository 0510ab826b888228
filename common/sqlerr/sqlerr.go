// Package sqlerr recognises Postgres' errors: the answers that models turn
// into domain errors (a unique violation), and the failures that mean the
// database cannot serve (errx.DependencyDown, which breakers count).
package sqlerr

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zsuite/common/errx"
)

// uniqueViolation is Postgres' SQLSTATE for a unique constraint violation.
const uniqueViolation = "23505"

// IsUniqueViolation reports whether err is a violation of the named unique
// constraint, or of any unique constraint when constraint is "".
func IsUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == uniqueViolation &&
		(constraint == "" || pgErr.ConstraintName == constraint)
}

func init() { errx.RegisterDependencyDown(Down) }

// Down reports whether err says that Postgres cannot serve: no connection
// (refused, reset, timed out), or the server shutting down, starting up or
// out of connections. Such errors are UNAVAILABLE, never INTERNAL.
func Down(err error) bool {
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) || pgconn.Timeout(err) || pgconn.SafeToRetry(err) {
		return true
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch {
	case strings.HasPrefix(pgErr.Code, "08"): // connection exception
		return true
	case pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03": // shutdown, crash, starting up
		return true
	case pgErr.Code == "53300": // too many connections
		return true
	}
	return false
}
