package rules

import (
	"strings"
	"testing"

	"github.com/zsuite/common/errx"
)

func TestUsername(t *testing.T) {
	for _, ok := range []string{"abc", "Alice_99", strings.Repeat("a", 32)} {
		if err := Username(ok); err != nil {
			t.Errorf("Username(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "ab", strings.Repeat("a", 33), "al ice", "alice!", "élise", "al-ice"} {
		if err := Username(bad); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("Username(%q) = %v, want INVALID_ARGUMENT", bad, err)
		}
	}
}

func TestPassword(t *testing.T) {
	for _, ok := range []string{"12345678", strings.Repeat("x", 72), "pässwörd"} {
		if err := Password(ok); err != nil {
			t.Errorf("Password(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "1234567", strings.Repeat("x", 73), strings.Repeat("é", 37),
		strings.Repeat("\x00", 8), "password\x00", "pass\nword", "pass\xffword1"} {
		if err := Password(bad); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("Password(%q) = %v, want INVALID_ARGUMENT", bad, err)
		}
	}
}

func TestEmail(t *testing.T) {
	for _, ok := range []string{"", "a@example.com", "first.last+tag@sub.example.org"} {
		if err := Email(ok); err != nil {
			t.Errorf("Email(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"a", "a@", "@example.com", "Alice <a@example.com>", "a@localhost", " a@example.com", "a@example.com" + strings.Repeat("m", 250)} {
		if err := Email(bad); !errx.Is(err, errx.InvalidArgument) {
			t.Errorf("Email(%q) = %v, want INVALID_ARGUMENT", bad, err)
		}
	}
}

func TestUsernameKey(t *testing.T) {
	if UsernameKey("Alice_1") != UsernameKey("aLICE_1") {
		t.Fatal("usernames that differ by case must share a key")
	}
}
