package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/zsuite/testkit/stack"
)

// service is the service of deploy/topology named name ("order-rpc").
func (e *env) service(name string) (stack.Service, error) {
	services, err := stack.Services()
	if err != nil {
		return stack.Service{}, err
	}
	s, ok := services.Find(name)
	if !ok {
		return stack.Service{}, fmt.Errorf("deploy/topology has no service %q", name)
	}
	return s, nil
}

// dsn is the URL of database db on the local Postgres of service.
func (e *env) dsn(service, db string) (string, error) {
	s, err := e.service(service)
	if err != nil {
		return "", err
	}
	return stack.DSN(s, db)
}

// postmaster returns the process id of the local Postgres server of service:
// the parent of its checkpointer.
func (e *env) postmaster(ctx context.Context, service string) (int, error) {
	dsn, err := e.dsn(service, "postgres")
	if err != nil {
		return 0, err
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var child int
	if err := conn.QueryRow(ctx, `select pid from pg_stat_activity where backend_type = 'checkpointer'`).Scan(&child); err != nil {
		return 0, fmt.Errorf("find the %s Postgres checkpointer: %w", service, err)
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", child))
	if err != nil {
		return 0, fmt.Errorf("the %s Postgres runs elsewhere (%v): its CPU time is not measured", service, err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", child)
	}
	return strconv.Atoi(f[1])
}
