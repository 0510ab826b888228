package confx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	t.Setenv("ZS_SET", "from-env")
	t.Setenv("ZS_EMPTY", "")
	cases := map[string]string{
		"${ZS_SET}":                "from-env",
		"${ZS_SET:-default}":       "from-env",
		"${ZS_UNSET:-default}":     "default",
		"${ZS_EMPTY:-default}":     "default",
		"${ZS_UNSET}":              "",
		"${ZS_UNSET:-a:b:2379}":    "a:b:2379",
		"[${ZS_UNSET:-h1:1,h2:2}]": "[h1:1,h2:2]",
		"plain":                    "plain",
	}
	for in, want := range cases {
		if got := Expand(in); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte("Name: ${ZS_NAME:-svc}\nPort: ${ZS_PORT:-8080}\nHosts: [${ZS_HOSTS:-a:1}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var c struct {
		Name  string
		Port  int
		Hosts []string
	}
	t.Setenv("ZS_HOSTS", "a:1,b:2")
	if err := Load(path, &c); err != nil {
		t.Fatal(err)
	}
	if c.Name != "svc" || c.Port != 8080 || strings.Join(c.Hosts, " ") != "a:1 b:2" {
		t.Fatalf("loaded %+v", c)
	}
	t.Setenv("ZS_PORT", "not-a-port")
	if err := Load(path, &c); err == nil {
		t.Fatal("a bad value must fail to load")
	}
}

func TestCheckSecrets(t *testing.T) {
	dev := Secret{Name: "JWT", Value: "dev-secret"}
	real := Secret{Name: "JWT", Value: "s3cr3t-from-vault"}
	if err := CheckSecrets("dev", dev); err != nil {
		t.Fatalf("dev mode must accept dev secrets: %v", err)
	}
	if err := CheckSecrets("pro", real); err != nil {
		t.Fatalf("pro mode must accept real secrets: %v", err)
	}
	for _, bad := range []Secret{dev, {Name: "JWT", Value: ""}} {
		err := CheckSecrets("pro", real, bad)
		if err == nil || !strings.Contains(err.Error(), "JWT") {
			t.Fatalf("pro mode with %q: %v", bad.Value, err)
		}
	}
}

func TestCheckSecretsLengthAndOptional(t *testing.T) {
	long := "0123456789abcdef0123456789abcdef" // 32 bytes
	if err := CheckSecrets("pro", JWTSecrets(long, "")...); err != nil {
		t.Fatalf("a 32-byte key and no previous one must pass: %v", err)
	}
	for name, secrets := range map[string][]Secret{
		"short key":           JWTSecrets(long[:31], ""),
		"dev previous key":    JWTSecrets(long, "dev-"+long),
		"short previous key":  JWTSecrets(long, "short"),
		"missing current key": JWTSecrets("", long),
	} {
		if err := CheckSecrets("pro", secrets...); err == nil {
			t.Errorf("%s: accepted in pro mode", name)
		}
		if err := CheckSecrets("dev", secrets...); err != nil {
			t.Errorf("%s: refused in dev mode: %v", name, err)
		}
	}
}

func TestDBPassword(t *testing.T) {
	if p := DBPassword("postgres://u:dev-pw@h:5432/db?sslmode=disable", "other"); p != "dev-pw" {
		t.Fatalf("password %q", p)
	}
	if p := DBPassword("postgres://u@h/db", ""); p != "" {
		t.Fatalf("password %q", p)
	}
	if p := DBPassword("postgres://u@h/db", "from-env"); p != "from-env" {
		t.Fatalf("password %q, want PGPASSWORD's", p)
	}
}
