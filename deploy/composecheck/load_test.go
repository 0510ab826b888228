package composecheck

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/zsuite/deploy/internal/suite"
)

const observability = "observability"

func root(t *testing.T) string { return suite.TestRoot(t) }

func services(t *testing.T) []suite.Service {
	t.Helper()
	svcs, err := suite.Load(root(t))
	if err != nil {
		t.Fatal(err)
	}
	return svcs
}

// load loads the compose file as `docker compose --env-file deploy/.env.example`
// does, with shell as the shell's environment and the given profiles.
func load(t *testing.T, envFile string, shell map[string]string, profiles ...string) (*types.Project, error) {
	t.Helper()
	dir := filepath.Join(root(t), "deploy")
	var env []string
	for k, v := range shell {
		env = append(env, k+"="+v)
	}
	fns := []cli.ProjectOptionsFn{
		cli.WithWorkingDirectory(dir),
		cli.WithEnv(env),
		cli.WithProfiles(profiles),
	}
	if envFile != "" {
		fns = append(fns, cli.WithEnvFiles(filepath.Join(dir, envFile)), cli.WithDotEnv)
	}
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "docker-compose.yml")}, fns...)
	if err != nil {
		t.Fatal(err)
	}
	return opts.LoadProject(context.Background())
}

// project is the stack as `make up OBSERVABILITY=1` starts it with the
// example settings, every profile on.
func project(t *testing.T) *types.Project {
	t.Helper()
	p, err := load(t, ".env.example", nil, observability)
	if err != nil {
		t.Fatalf("the compose file does not load with deploy/.env.example: %v", err)
	}
	return p
}

// environment returns a service's environment as the container gets it.
func environment(s types.ServiceConfig) map[string]string {
	env := map[string]string{}
	for k, v := range s.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	return env
}

// sharesNetwork reports whether a and b have a network in common.
func sharesNetwork(a, b types.ServiceConfig) bool {
	for n := range a.Networks {
		if _, ok := b.Networks[n]; ok {
			return true
		}
	}
	return false
}

// reachers returns the other services that share a network with s.
func reachers(p *types.Project, s types.ServiceConfig) []string {
	var names []string
	for _, o := range p.Services {
		if o.Name != s.Name && sharesNetwork(s, o) {
			names = append(names, o.Name)
		}
	}
	slices.Sort(names)
	return names
}
