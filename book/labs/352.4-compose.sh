#!/usr/bin/env bash
# Lab for objective 352.4: a two-service application with Docker Compose.
#
# Run as a user in the "docker" group on a lab VM with Docker Engine and the
# Compose v2 plugin ("docker compose version" must work). The project is
# called lab352; "docker compose down --volumes" in the trap removes it all.
set -euo pipefail

docker compose version >/dev/null || { echo "the docker compose plugin is missing" >&2; exit 1; }

WORK=$(mktemp -d /tmp/lab352-4.XXXXXX)
cleanup() {
  (cd "$WORK" && docker compose down --volumes --remove-orphans >/dev/null 2>&1) || true
  rm -rf -- "${WORK:?}"
}
trap cleanup EXIT
cd "$WORK"

# ANCHOR: compose-file
cat > compose.yaml <<'YAML'
name: lab352
services:
  web:
    image: nginx:1.28-alpine
    ports:
      - "127.0.0.1:8353:80"
    depends_on:
      cache:
        condition: service_healthy
    networks: [front, back]
    restart: unless-stopped
  cache:
    image: redis:7-alpine
    command: ["redis-server", "--appendonly", "yes"]
    volumes:
      - cache-data:/data
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
      retries: 5
    networks: [back]
networks:
  front: {}
  back: {}
volumes:
  cache-data: {}
YAML
# ANCHOR_END: compose-file

# ANCHOR: compose-run
docker compose config --quiet          # validate the file
docker compose up -d --wait            # create networks, volume, containers
docker compose ps
docker compose exec cache redis-cli ping
curl -sI http://127.0.0.1:8353/ | head -n 1
docker compose logs --tail 3 web
docker network ls --filter name=lab352
# ANCHOR_END: compose-run

echo "lab 352.4 finished; cleaning up"
