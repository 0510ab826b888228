package rpcx

import (
	"flag"
	"strings"
	"testing"
)

func TestMigrateVerb(t *testing.T) {
	saved := flag.CommandLine
	t.Cleanup(func() { flag.CommandLine = saved })
	parse := func(args string) (verb, config string, err error) {
		flag.CommandLine = flag.NewFlagSet("service", flag.ContinueOnError)
		f := flag.String("f", "etc/default.yaml", "")
		flag.Bool("migrate", false, "")
		if err := flag.CommandLine.Parse(strings.Fields(args)); err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		verb, err = MigrateVerb()
		return verb, *f, err
	}
	for args, want := range map[string][2]string{
		"-migrate":                          {"up", "etc/default.yaml"},
		"-f etc/user.yaml -migrate":         {"up", "etc/user.yaml"},
		"-migrate up":                       {"up", "etc/default.yaml"},
		"-f etc/user.yaml -migrate status":  {"status", "etc/user.yaml"},
		"-migrate version -f etc/user.yaml": {"version", "etc/user.yaml"},
	} {
		verb, config, err := parse(args)
		if err != nil || verb != want[0] || config != want[1] {
			t.Errorf("%q: verb %q, config %q, %v; want %q, %q", args, verb, config, err, want[0], want[1])
		}
	}
	if _, _, err := parse("-migrate status version"); err == nil {
		t.Error("two verbs must fail")
	}
}
