package k8scheck

import (
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// Where a service's config points it (etcd, its Postgres, its Redis), there is
// a Service of the overlay, or an address outside the cluster (a name with
// a dot); and an overlay that brings its stores brings each service its own,
// with persistent volumes, the same credentials on both sides, and the same
// lock-down as the services.
func TestStores(t *testing.T) {
	for _, dir := range overlays(t) {
		b := build(t, dir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			inCluster := len(b.Stateful) > 0
			for _, svc := range services(t) {
				d := deployment(t, b, svc.Name)
				env := b.env(t, d.Spec.Template.Spec.Containers[0])
				v, err := svc.Resolve(svc.Config, env)
				if err != nil {
					t.Fatal(err)
				}
				for _, hp := range v.Etcd.Hosts {
					checkAddress(t, b, svc.Name, "etcd", hp, "etcd", inCluster)
				}
				if svc.Redis {
					checkAddress(t, b, svc.Name, "Redis", env["REDIS_ADDR"], svc.Name+"-redis", inCluster)
				}
				if svc.Postgres {
					u, err := url.Parse(v.DataSource)
					if err != nil || u.User == nil {
						t.Errorf("%s: DataSource is not a postgres:// URL with a user", svc.Name)
						continue
					}
					checkAddress(t, b, svc.Name, "Postgres", u.Host, svc.Name+"-postgres", inCluster)
					if inCluster {
						if _, ok := u.User.Password(); !ok && env["PGPASSWORD"] != "" {
							u.User = url.UserPassword(u.User.Username(), env["PGPASSWORD"]) // as pgx reads it
						}
						checkCredentials(t, b, svc.Name, u)
					}
				}
			}
			if !inCluster {
				return
			}
			for _, s := range b.Stateful {
				checkHeadless(t, b, s.Name, s.Spec.ServiceName)
				spec := s.Spec.Template.Spec
				checkResources(t, s.Name, spec)
				checkLockedDown(t, s.Name, spec)
				if len(s.Spec.VolumeClaimTemplates) == 0 {
					t.Errorf("%s keeps its data in no PersistentVolumeClaim", s.Name)
				}
				for _, c := range spec.Containers {
					if c.ReadinessProbe == nil || c.LivenessProbe == nil {
						t.Errorf("%s/%s: no readiness or liveness probe", s.Name, c.Name)
					}
				}
			}
		})
	}
}

func deployment(t *testing.T, b *Build, name string) appsv1.Deployment {
	t.Helper()
	for _, d := range b.Deploys {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no Deployment %s", name)
	return appsv1.Deployment{}
}

// checkAddress checks hostport: in an overlay with its own stores, the
// Service want; otherwise a name outside the cluster.
func checkAddress(t *testing.T, b *Build, svc, what, hostport, want string, inCluster bool) {
	t.Helper()
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		t.Errorf("%s: %s address %q is not host:port", svc, what, hostport)
		return
	}
	if !inCluster {
		if !strings.Contains(host, ".") || strings.HasSuffix(host, ".svc") || strings.Contains(host, ".svc.") {
			t.Errorf("%s: %s at %q; this overlay has no stores of its own, so want an address outside the cluster", svc, what, host)
		}
		return
	}
	if host != want {
		t.Errorf("%s: %s at %q; want its own, the Service %s", svc, what, host, want)
		return
	}
	for _, s := range b.Services {
		if s.Name != want {
			continue
		}
		for _, p := range s.Spec.Ports {
			if port == strconv.Itoa(int(p.Port)) {
				return
			}
		}
		t.Errorf("%s: the Service %s has no port %s", svc, want, port)
		return
	}
	t.Errorf("%s: %s at %s, but the overlay has no Service %s", svc, what, hostport, want)
}

// checkCredentials checks that the DataSource's user, password and database
// are those the Postgres StatefulSet is created with.
func checkCredentials(t *testing.T, b *Build, svc string, u *url.URL) {
	t.Helper()
	var pg *appsv1.StatefulSet
	for i := range b.Stateful {
		if b.Stateful[i].Name == svc+"-postgres" {
			pg = &b.Stateful[i]
		}
	}
	if pg == nil {
		t.Errorf("%s: no StatefulSet %s-postgres", svc, svc)
		return
	}
	env := b.env(t, pg.Spec.Template.Spec.Containers[0])
	password, _ := u.User.Password()
	if u.User.Username() != env["POSTGRES_USER"] || password != env["POSTGRES_PASSWORD"] || strings.TrimPrefix(u.Path, "/") != env["POSTGRES_DB"] {
		t.Errorf("%s: DataSource user %q, database %q (or the password) differ from what %s is created with (%q, %q)",
			svc, u.User.Username(), strings.TrimPrefix(u.Path, "/"), pg.Name, env["POSTGRES_USER"], env["POSTGRES_DB"])
	}
}

// checkHeadless checks that a StatefulSet's serviceName is a headless Service
// of the build, which gives its pods their stable names.
func checkHeadless(t *testing.T, b *Build, set, name string) {
	t.Helper()
	for _, svc := range b.Services {
		if svc.Name == name {
			if svc.Spec.ClusterIP != corev1.ClusterIPNone {
				t.Errorf("StatefulSet %s: its serviceName %s is not a headless Service (clusterIP %q)", set, name, svc.Spec.ClusterIP)
			}
			return
		}
	}
	t.Errorf("StatefulSet %s: its serviceName %q is no Service of the overlay", set, name)
}
