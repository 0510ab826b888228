package bounds

import (
	"testing"

	"github.com/zsuite/common/errx"
)

func TestID(t *testing.T) {
	for _, v := range []int64{1, 42, MaxID} {
		if err := ID("id", v); err != nil {
			t.Errorf("ID(%d) = %v", v, err)
		}
	}
	for _, v := range []int64{0, -1, MaxID + 1, -MaxID} {
		if err := ID("id", v); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("ID(%d) = %v, want INVALID_ARGUMENT", v, err)
		}
	}
}

func TestAmount(t *testing.T) {
	for _, v := range []int64{0, 1, MaxAmount} {
		if err := Amount("price", v); err != nil {
			t.Errorf("Amount(%d) = %v", v, err)
		}
	}
	for _, v := range []int64{-1, MaxAmount + 1} {
		if err := Amount("price", v); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("Amount(%d) = %v, want INVALID_ARGUMENT", v, err)
		}
	}
}

func TestPage(t *testing.T) {
	for _, tc := range []struct{ page, size, offset int64 }{
		{1, 10, 0}, {3, 10, 20}, {MaxPage, MaxPageSize, (MaxPage - 1) * MaxPageSize}, {2, 1, 1},
	} {
		if offset, err := Page(tc.page, tc.size); err != nil || offset != tc.offset {
			t.Errorf("Page(%d, %d) = %d, %v; want %d", tc.page, tc.size, offset, err, tc.offset)
		}
	}
	for _, tc := range [][2]int64{{0, 10}, {-1, 10}, {MaxPage + 1, 10}, {1 << 62, 100}, {1, 0}, {1, -5}, {1, MaxPageSize + 1}} {
		if _, err := Page(tc[0], tc[1]); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("Page(%d, %d) = %v, want INVALID_ARGUMENT", tc[0], tc[1], err)
		}
	}
}
