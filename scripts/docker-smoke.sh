#!/usr/bin/env bash
# Builds the image, starts it next to a Redis on a private network, and waits for /healthz to answer 200.
# Needs a working docker daemon; CI runs it only when `docker info` succeeds (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
tag="warroom:smoke-$$"
net="warroom-smoke-$$"
cleanup() {
  docker rm -f "$net-web" "$net-redis" >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
  docker image rm "$tag" >/dev/null 2>&1 || true
}
trap cleanup EXIT
docker build -q -t "$tag" . >/dev/null
docker network create "$net" >/dev/null
docker run -d --name "$net-redis" --network "$net" redis:7-alpine redis-server --appendonly yes --appendfsync everysec --maxmemory-policy noeviction --hz 100 >/dev/null
started=$(date +%s%N)
docker run -d --name "$net-web" --network "$net" -p 127.0.0.1::3000 \
  -e SLACK_BOT_TOKEN=xoxb-smoke -e SLACK_SIGNING_SECRET=smoke-signing-secret -e REDIS_URL="redis://$net-redis:6379" "$tag" >/dev/null
port=$(docker port "$net-web" 3000/tcp | head -1 | sed 's/.*://')
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then
    echo "image $tag: /healthz answered 200 after $(( ($(date +%s%N) - started) / 1000000 )) ms (container start included)"
    echo "image size: $(docker image inspect "$tag" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1e6 }')"
    [ "$(docker exec "$net-web" id -u)" != "0" ] || { echo "runs as root" >&2; exit 1; }
    exit 0
  fi
  sleep 0.1
done
echo "/healthz did not answer within 30 s" >&2
docker logs "$net-web" >&2
exit 1
