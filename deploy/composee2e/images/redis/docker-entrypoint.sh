#!/bin/sh
# What the official image's entrypoint does, as far as the compose file uses
# it: redis-server runs as the user redis, with protected mode off unless the
# arguments turn it on again.
set -e
if [ "$1" = redis-server ] || [ "${1#-}" != "$1" ]; then
  [ "$1" = redis-server ] && shift
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server --protected-mode no "$@"
fi
exec "$@"
