// Package alertcheck checks the alerting rules of deploy/observability: that
// promtool accepts them and their unit tests pass (promtool check rules and
// test rules, pinned in deploy/tools/promtool), that the compose Prometheus
// loads them and the Kubernetes PrometheusRule is the same rules, and that
// every suite metric the rules and the dashboard name is one a service
// registers.
package alertcheck
