// Package e2e drives user-api over HTTP with all the services running as
// real processes, registered in the local etcd, each over its own Postgres
// database and Redis (testkit.StartSuite). The local stack must be up:
// `make test` starts it.
package e2e
