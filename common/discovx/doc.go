// Package discovx keeps services registered in etcd, and their callers'
// endpoints, through an etcd outage of any length: a Publisher registers a
// server again as soon as etcd answers, and ClientOption keeps a client's
// last known endpoints while the registry is unreachable or momentarily
// empty. Both keep go-zero's key layout, so go-zero's own resolvers and
// publishers work beside them.
package discovx
