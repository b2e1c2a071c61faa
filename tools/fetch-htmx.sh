#!/usr/bin/env bash
# Re-fetch the pinned htmx from npm and check it against static/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent htmx.org@2.0.11 >/dev/null && tar xzf htmx.org-2.0.11.tgz)
echo "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717  $tmp/package/dist/htmx.min.js" | sha256sum -c -
cp "$tmp/package/dist/htmx.min.js" static/htmx-2.0.11.min.js
