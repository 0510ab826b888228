#!/bin/sh
# What the official image's entrypoint does, as far as the compose file uses
# it: redis-server runs as the user redis, with protected mode off unless the
# arguments turn it on again. Started as another user (Kubernetes'
# runAsUser), it runs redis-server as itself, as the official entrypoint does.
set -e
if [ "$1" = redis-server ] || [ "${1#-}" != "$1" ]; then
  [ "$1" = redis-server ] && shift
  if [ "$(id -u)" != 0 ]; then
    exec redis-server --protected-mode no "$@"
  fi
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server --protected-mode no "$@"
fi
exec "$@"
