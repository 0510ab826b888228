package rules

import (
	"testing"

	"github.com/zsuite/common/errx"
)

// A refused item is named as the public API names it, so the BFF can pass the
// message on as it is.
func TestItemsNameTheField(t *testing.T) {
	for in, want := range map[Item]string{
		{ProductID: 0, Quantity: 1}: "items[1].productId must be 1 to 2^53-1",
		{ProductID: 9, Quantity: 0}: "items[1].quantity must be 1 to 1000",
	} {
		err := Items([]Item{{ProductID: 1, Quantity: 1}, in})
		if !errx.Is(err, errx.InvalidArgument) || err.(*errx.Error).Message != want {
			t.Errorf("Items(.., %+v) = %v, want %q", in, err, want)
		}
	}
}
