#!/usr/bin/env bash
# Lab for objective 352.3: build an image, run it with a volume, a user-defined
# network, limits and log rotation, then push it to a private registry.
#
# Run as a user in the "docker" group (or root) on a throw-away lab VM with
# Docker Engine and internet access to Docker Hub. Everything it creates is
# named lab352* and removed again by the cleanup trap.
set -euo pipefail

command -v docker >/dev/null || { echo "docker CLI not found" >&2; exit 1; }
docker info >/dev/null || { echo "cannot reach dockerd" >&2; exit 1; }

WORK=$(mktemp -d /tmp/lab352-3.XXXXXX)

cleanup() {
  docker rm -f lab352-web lab352-registry >/dev/null 2>&1 || true
  docker network rm lab352-net >/dev/null 2>&1 || true
  docker volume rm lab352-data lab352-registry-data >/dev/null 2>&1 || true
  docker image rm lab352/web:1.0 localhost:5352/lab352/web:1.0 >/dev/null 2>&1 || true
  rm -rf -- "${WORK:?}"
}
trap cleanup EXIT
cd "$WORK"

# ANCHOR: dockerfile
mkdir -p site
echo '<h1>Hello from LPIC-3 objective 352.3</h1>' > site/index.html
cat > Dockerfile <<'DOCKERFILE'
# syntax=docker/dockerfile:1
FROM python:3.13-alpine
LABEL org.opencontainers.image.title="lab352-web"
ENV PYTHONUNBUFFERED=1
WORKDIR /srv/www
COPY site/ ./
RUN adduser -D -H -u 10001 web
USER web
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s \
  CMD wget -qO /dev/null http://127.0.0.1:8080/ || exit 1
CMD ["python", "-m", "http.server", "8080"]
DOCKERFILE
printf '.git\n*.log\n' > .dockerignore
# ANCHOR_END: dockerfile

# ANCHOR: build
docker build -t lab352/web:1.0 .
docker image ls lab352/web
docker history lab352/web:1.0
# ANCHOR_END: build

# ANCHOR: run
docker network create lab352-net
docker volume create lab352-data
docker run -d --name lab352-web \
  --network lab352-net -p 127.0.0.1:8352:8080 \
  --memory 128m --cpus 0.5 --pids-limit 100 \
  --restart unless-stopped \
  --log-driver json-file --log-opt max-size=1m --log-opt max-file=2 \
  -v lab352-data:/data \
  lab352/web:1.0
sleep 3
curl -s http://127.0.0.1:8352/
docker ps --filter name=lab352-web
docker logs --tail 5 lab352-web
docker inspect -f '{{.State.Pid}} {{.HostConfig.LogConfig.Type}} {{.State.Health.Status}}' lab352-web
# ANCHOR_END: run

# ANCHOR: dns
# containers on the same user-defined network find each other by name
docker run --rm --network lab352-net alpine:3.22 wget -qO- http://lab352-web:8080/
# ANCHOR_END: dns

# ANCHOR: registry
docker run -d --name lab352-registry -p 127.0.0.1:5352:5000 \
  -v lab352-registry-data:/var/lib/registry registry:3
sleep 3
docker tag lab352/web:1.0 localhost:5352/lab352/web:1.0
docker push localhost:5352/lab352/web:1.0
curl -s http://localhost:5352/v2/_catalog
curl -s http://localhost:5352/v2/lab352/web/tags/list
# ANCHOR_END: registry

# ANCHOR: host-view
docker info --format 'driver={{.Driver}} logs={{.LoggingDriver}} root={{.DockerRootDir}}'
docker system df
# ANCHOR_END: host-view

echo "lab 352.3 finished; cleaning up"
