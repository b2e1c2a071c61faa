#!/usr/bin/env bash
# Checks the deployment files the way the tools that use them do: the systemd unit with
# systemd-analyze verify, the container image's configuration with podman, the Prometheus
# alert rules with promtool. Installs what a fresh Debian machine lacks. Any warning fails.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  echo "deploy-check: installing Debian ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -trimpath -o "$work/toggl-attio-sync" .

# systemd: verify the unit as shipped, but with ExecStart pointing at the binary just built
# (this machine has nothing installed at /usr/local/bin).
sed "s|^ExecStart=/usr/local/bin/toggl-attio-sync|ExecStart=$work/toggl-attio-sync|" \
  deploy/toggl-attio-sync.service > "$work/toggl-attio-sync.service"
out=$(systemd-analyze verify "$work/toggl-attio-sync.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "systemd-analyze verify warns:"; echo "$out"; exit 1; fi
echo "deploy-check: systemd-analyze verify deploy/toggl-attio-sync.service: ok"

# Image: built from the static binary, then its configuration compared with what the
# README promises.
BUILDER=podman IMAGE=toggl-attio-sync:check deploy/image.sh "$work/toggl-attio-sync" >/dev/null
inspect() { podman image inspect toggl-attio-sync:check --format "$1"; }
expect() {
  local what=$1 got=$2 want=$3
  if [ "$got" != "$want" ]; then echo "image $what: got $got, want $want"; exit 1; fi
}
expect user "$(inspect '{{.Config.User}}')" "65532:65532"
expect entrypoint "$(inspect '{{json .Config.Entrypoint}}')" '["/toggl-attio-sync"]'
expect healthcheck "$(inspect '{{json .Config.Healthcheck.Test}}')" '["CMD","/toggl-attio-sync","healthcheck"]'
expect volumes "$(inspect '{{json .Config.Volumes}}')" '{"/data":{}}'
expect ports "$(inspect '{{json .Config.ExposedPorts}}')" '{"8080/tcp":{}}'
env=$(inspect '{{json .Config.Env}}')
for v in LISTEN_ADDR=0.0.0.0:8080 DATA_DIR=/data; do
  case "$env" in *"\"$v\""*) ;; *) echo "image env lacks $v: $env"; exit 1;; esac
done
# The binary in the image is static: scratch has no dynamic loader.
if readelf -l "$work/toggl-attio-sync" 2>/dev/null | grep -q "INTERP"; then
  echo "the image's binary is dynamically linked"; exit 1
fi
podman image rm -f toggl-attio-sync:check >/dev/null
echo "deploy-check: image user, entrypoint, healthcheck, volume, port, env: ok"

# Alert rules: valid, and each fires on the series it is for.
promtool check rules deploy/alerts.yaml
promtool test rules deploy/alerts_test.yaml
