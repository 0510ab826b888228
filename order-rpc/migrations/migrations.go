// Package migrations holds order-rpc's schema, applied at start by common/migrate.
package migrations

import "embed"

// FS holds the numbered SQL files.
//
//go:embed *.sql
var FS embed.FS
