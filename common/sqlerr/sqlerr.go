// Package sqlerr recognises the Postgres errors that are answers, not
// failures, so that models can turn them into domain errors and go-zero's
// circuit breaker does not count them against the database.
package sqlerr

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
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

// Acceptable is for sqlx.WithAcceptable: a unique violation means the data
// said no, not that the database is sick.
func Acceptable(err error) bool { return IsUniqueViolation(err, "") }
