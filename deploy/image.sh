#!/usr/bin/env bash
# Builds the container image from a static binary built on this host: `make image`.
# Usage: deploy/image.sh [BINARY]   (IMAGE=name:tag, default toggl-attio-sync:latest;
# BUILDER=docker|podman, default docker when its daemon answers, else podman)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-toggl-attio-sync:latest}
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
if [ $# -ge 1 ]; then
  cp "$1" "$ctx/toggl-attio-sync"
else
  CGO_ENABLED=0 go build -trimpath -buildvcs=true -o "$ctx/toggl-attio-sync" .
fi
cp deploy/Dockerfile "$ctx/Dockerfile"
BUILDER=${BUILDER:-}
if [ -z "$BUILDER" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then BUILDER=docker; else BUILDER=podman; fi
fi
if [ "$BUILDER" = docker ]; then
  docker build -t "$IMAGE" "$ctx"
elif command -v podman >/dev/null 2>&1; then
  # docker format: the OCI format has no HEALTHCHECK.
  podman build --format docker -t "$IMAGE" "$ctx"
else
  echo "make image needs docker or podman (Debian: apt-get install podman)" >&2
  exit 1
fi
echo "built $IMAGE"
