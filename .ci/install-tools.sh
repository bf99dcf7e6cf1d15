#!/usr/bin/env bash
# Installs the Debian packages meshcheck's tests use, only those whose command is missing.
# Idempotent and non-interactive. Usage: install-tools.sh [package ...] (default: all).
set -euo pipefail

# package → the command that shows it is installed
declare -A COMMAND_OF=(
  [shellcheck]=shellcheck
  [prometheus]=prometheus
  [prometheus-pushgateway]=prometheus-pushgateway
  [chromium]=chromium
)

wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then
  wanted=("${!COMMAND_OF[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  cmd=${COMMAND_OF[$pkg]:-$pkg}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
else
  echo "meshcheck: missing Debian packages: ${missing[*]} (install them, or run as root)" >&2
  exit 2
fi

echo "meshcheck: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
