package password

import "testing"

func TestHashAndVerify(t *testing.T) {
	h, err := Hash("correct horse", 4)
	if err != nil {
		t.Fatal(err)
	}
	if h == "correct horse" {
		t.Fatal("hash must not be the password")
	}
	if ok, err := Verify(h, "correct horse", 4); !ok || err != nil {
		t.Fatalf("Verify(right) = %v, %v", ok, err)
	}
	if ok, err := Verify(h, "wrong horse", 4); ok || err != nil {
		t.Fatalf("Verify(wrong) = %v, %v", ok, err)
	}
	if ok, err := Verify("", "anything", 4); ok || err != nil {
		t.Fatalf("Verify(no user) = %v, %v", ok, err)
	}
}
