// Package bounds holds the limits every service of the suite checks alike:
// ids and amounts a JavaScript client reads exactly, and pages. Each check
// answers nil or an INVALID_ARGUMENT *errx.Error safe to show a client.
package bounds

import "github.com/zsuite/common/errx"

const (
	// MaxID bounds ids: the largest integer a JavaScript client reads exactly
	// (2^53 - 1), so an id survives a round trip through JSON in a browser.
	MaxID = 1<<53 - 1
	// MaxAmount bounds money (cents), stock, quantities and totals, for the
	// same reason.
	MaxAmount = MaxID
	// MaxPage and MaxPageSize bound a listing: OFFSET stays below a million
	// rows, and an empty page past the end cannot contradict the pages before.
	MaxPage     = 10_000
	MaxPageSize = 100
)

// ID checks that the id named field is 1 to MaxID.
func ID(field string, v int64) error {
	if v < 1 || v > MaxID {
		return errx.Newf(errx.InvalidArgument, "%s must be 1 to 2^53-1", field)
	}
	return nil
}

// Amount checks that the amount named field is 0 to MaxAmount.
func Amount(field string, v int64) error {
	if v < 0 || v > MaxAmount {
		return errx.Newf(errx.InvalidArgument, "%s must be 0 to 2^53-1", field)
	}
	return nil
}

// Page checks a page (from 1) and a page size and returns the rows to skip.
func Page(page, size int64) (offset int64, err error) {
	if page < 1 || page > MaxPage {
		return 0, errx.Newf(errx.InvalidArgument, "page must be 1 to %d", MaxPage)
	}
	if size < 1 || size > MaxPageSize {
		return 0, errx.Newf(errx.InvalidArgument, "pageSize must be 1 to %d", MaxPageSize)
	}
	return (page - 1) * size, nil
}
