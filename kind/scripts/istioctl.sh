# shellcheck shell=bash
# istioctl at the pinned ISTIO_VERSION, for `istioctl analyze`: ISTIOCTL if set, else an
# istioctl on PATH that reports that version, else the release's istioctl archive downloaded
# from GitHub as Istio's own downloadIstioCtl.sh does (same URLs), checked against the .sha256
# file published beside it, into a cache directory. Sourced by cluster-up.sh after lib.sh.

ISTIOCTL_CACHE="${MESHCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshcheck}/istioctl-$ISTIO_VERSION"

# The release archive for this machine, as named on Istio's release page.
istioctl_archive() {
  local os arch
  case "$(uname -s)" in
    Darwin) os=osx ;;
    Linux) os=linux ;;
    *) return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    arm64 | aarch64*) arch=arm64 ;;
    *) return 1 ;;
  esac
  # Istio publishes the Intel macOS build without an architecture suffix.
  if [[ "$os" == osx && "$arch" == amd64 ]]; then
    echo "istioctl-$ISTIO_VERSION-osx.tar.gz"
  else
    echo "istioctl-$ISTIO_VERSION-$os-$arch.tar.gz"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# Sets ISTIOCTL_BIN to the istioctl to use; on failure says why (one line, on stderr) and
# returns 1. Not to be called in $(...): under DRY_RUN its download commands are printed.
# shellcheck disable=SC2034 # ISTIOCTL_BIN is the result, read by cluster-up.sh
ensure_istioctl() {
  ISTIOCTL_BIN=""
  if [[ -n "${ISTIOCTL:-}" ]]; then
    ISTIOCTL_BIN="$ISTIOCTL"
    return 0
  fi
  # `version --remote=false` prints the client's version alone ("1.29.2") or labelled
  # ("client version: 1.29.2") depending on the release: match the version as a whole word.
  if [[ "$DRY_RUN" != 1 ]] && command -v istioctl >/dev/null 2>&1 &&
    istioctl version --remote=false 2>/dev/null | grep -Eq "(^|[^0-9.])${ISTIO_VERSION//./\\.}([^0-9.]|\$)"; then
    ISTIOCTL_BIN="$(command -v istioctl)"
    return 0
  fi
  local bin="$ISTIOCTL_CACHE/istioctl" archive url tmp expected actual
  if [[ -x "$bin" && "$DRY_RUN" != 1 ]]; then
    ISTIOCTL_BIN="$bin"
    return 0
  fi
  if ! archive="$(istioctl_archive)"; then
    echo "istioctl: no Istio $ISTIO_VERSION build for $(uname -s)/$(uname -m); install istioctl $ISTIO_VERSION yourself and set ISTIOCTL=/path/to/istioctl" >&2
    return 1
  fi
  url="https://github.com/istio/istio/releases/download/$ISTIO_VERSION/$archive"
  if [[ "$DRY_RUN" == 1 ]]; then
    run curl -fsSL --retry 3 -o "$ISTIOCTL_CACHE/$archive" "$url"
    run curl -fsSL --retry 3 -o "$ISTIOCTL_CACHE/$archive.sha256" "$url.sha256"
    run tar -xzf "$ISTIOCTL_CACHE/$archive" -C "$ISTIOCTL_CACHE" istioctl
    ISTIOCTL_BIN="$bin"
    return 0
  fi
  if ! command -v curl >/dev/null 2>&1; then
    echo "istioctl: not on PATH at $ISTIO_VERSION and no curl to download it; install it (https://istio.io/latest/docs/setup/additional-setup/download-istio-release/) or set ISTIOCTL=/path/to/istioctl" >&2
    return 1
  fi
  mkdir -p "$ISTIOCTL_CACHE"
  tmp="$(mktemp -d "$ISTIOCTL_CACHE/download.XXXXXX")"
  if ! curl -fsSL --retry 3 --max-time 300 -o "$tmp/$archive" "$url" ||
    ! curl -fsSL --retry 3 --max-time 60 -o "$tmp/$archive.sha256" "$url.sha256"; then
    rm -rf "$tmp"
    echo "istioctl: could not download $url; install istioctl $ISTIO_VERSION yourself and set ISTIOCTL=/path/to/istioctl" >&2
    return 1
  fi
  expected="$(cut -d' ' -f1 <"$tmp/$archive.sha256")"
  actual="$(sha256_of "$tmp/$archive")"
  if [[ "$expected" != "$actual" ]]; then
    rm -rf "$tmp"
    echo "istioctl: $archive has sha256 $actual, but its release says $expected; not using it" >&2
    return 1
  fi
  tar -xzf "$tmp/$archive" -C "$tmp" istioctl
  chmod 0755 "$tmp/istioctl"
  mv "$tmp/istioctl" "$bin"
  rm -rf "$tmp"
  ISTIOCTL_BIN="$bin"
}
