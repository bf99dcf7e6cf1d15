# shellcheck shell=bash
# The echo image into the kind cluster, tagged by content. Sourced by cluster-up.sh after lib.sh.
#
# - The tag is a hash of the build context's files (content-hash.js), so a rebuild after a
#   change gets a new tag, the rendered manifests name it, and `kubectl apply` rolls the pods;
#   an unchanged tree gets the same tag and nothing restarts.
# - `kind load docker-image` fails with `ctr: content digest … not found` when Docker keeps its
#   images in the containerd image store (the default since Docker Engine 29 and in Docker
#   Desktop; kubernetes-sigs/kind#3795): it exports every platform of the image index while
#   only this machine's is present. Saving just this machine's platform (`docker image save
#   --platform`, Docker 28+) and loading the archive with `kind load image-archive` works with
#   both image stores. An older Docker, whose save has no --platform, saves the one image it has.

# Files the Dockerfile copies from the repository, plus the Dockerfile itself.
ECHO_CONTEXT=(apps/echo/Dockerfile package.json package-lock.json apps/echo/bundle.js apps/echo/src spec/echo)

echo_image_tag() {
  node "$ROOT/kind/scripts/content-hash.js" "$ROOT" "${ECHO_CONTEXT[@]}" | cut -c1-12
}

# The platform of Docker's server (the kind node runs on it), e.g. linux/arm64.
docker_platform() {
  if [[ "$DRY_RUN" == 1 ]]; then
    echo "<docker-server-os/arch>"
  else
    docker version --format '{{.Server.Os}}/{{.Server.Arch}}'
  fi
}

# Builds ECHO_IMAGE, saves it (one platform) to an archive and loads that into every node.
load_echo_image() {
  local archive="$STATE_DIR/echo-image.tar" save=(docker image save) help=""
  run docker build -f "$ROOT/apps/echo/Dockerfile" -t "$ECHO_IMAGE" "$ROOT"
  # Read whole, not piped to `grep -q`: under pipefail, docker killed by SIGPIPE when grep stops
  # reading early would make a Docker that has --platform look as if it had not.
  [[ "$DRY_RUN" == 1 ]] || help="$(docker image save --help 2>/dev/null || true)"
  if [[ "$DRY_RUN" == 1 || "$help" == *--platform* ]]; then
    save+=(--platform "$(docker_platform)")
  fi
  mkdir -p "$STATE_DIR"
  run "${save[@]}" -o "$archive" "$ECHO_IMAGE"
  run kind load image-archive "$archive" --name "$KIND_CLUSTER"
  [[ "$DRY_RUN" == 1 ]] || rm -f "$archive"
}

# kind/manifests with every echo image reference set to ECHO_IMAGE, into STATE_DIR/manifests.
render_manifests() {
  local out="$STATE_DIR/manifests" f
  rm -rf "$out"
  mkdir -p "$out"
  for f in "$ROOT"/kind/manifests/*.yaml; do
    sed -E "s#^([[:space:]]*image:[[:space:]]*)meshcheck/echo:[^[:space:]]+#\\1$ECHO_IMAGE#" "$f" >"$out/${f##*/}"
  done
}
