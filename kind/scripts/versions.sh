# shellcheck shell=bash
# Pinned versions (override from the environment, e.g. ISTIO_VERSION=1.30.1 make cluster).
# `DRY_RUN=1 make cluster` prints them on its `pins:` line; test/kind/pins.test.ts checks that
# kind/cluster.yaml, the README and this file agree.
#
# - Istio 1.29.2 (charts base, istiod, gateway, and istioctl for `istioctl analyze`). Istio 1.29
#   supports Kubernetes 1.31-1.35; `make upgrade` defaults to 1.30.1.
# - The kind node image: Kubernetes 1.35 (the newest 1.29 supports), the image and digest kind
#   v0.33.0's release notes list for it. kind supports a node image only with the release that
#   built it, so KIND_VERSION is the kind the scripts expect (another one gets a warning).
# - Kiali chart 2.24.0 (a Kiali tested with Istio 1.29); prometheus-community/prometheus 29.36.1,
#   the newest 29.x release found (29.45.1, pinned before, was never published).
ISTIO_VERSION="${ISTIO_VERSION:-1.29.2}"
ISTIO_UPGRADE_TO="${ISTIO_TO:-1.30.1}"
# The Kubernetes Gateway API's standard-channel CRDs, installed before Istio from
# vendor/gateway-api/$GATEWAY_API_VERSION/crds: the version Istio 1.29.2 is built against.
GATEWAY_API_VERSION="${GATEWAY_API_VERSION:-v1.4.0}"
KIND_VERSION="${KIND_VERSION:-v0.33.0}"
KIND_NODE_IMAGE="${KIND_NODE_IMAGE:-kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0}"
KIALI_CHART_VERSION="${KIALI_CHART_VERSION:-2.24.0}"
PROMETHEUS_CHART_VERSION="${PROMETHEUS_CHART_VERSION:-29.36.1}"
# The echo image's repository; its tag is a hash of the build context (lib.sh echo_image_tag).
ECHO_REPOSITORY="${ECHO_REPOSITORY:-meshcheck/echo}"
# Host ports (127.0.0.1) kind forwards to the gateway's node ports: HTTP (what meshcheck sends
# to) and the status port (/healthz/ready). Not 8080: too many laptops have something there.
KIND_HTTP_PORT="${KIND_HTTP_PORT:-18080}"
KIND_STATUS_PORT="${KIND_STATUS_PORT:-15021}"
# Host port (127.0.0.1) for the gateway Istio deploys for the Gateway API Gateway
# (kind/manifests/gateway-api/40-gateway.yaml: its Service's port 80 is nodePort 30081).
KIND_GWAPI_PORT="${KIND_GWAPI_PORT:-18081}"
export ISTIO_VERSION ISTIO_UPGRADE_TO GATEWAY_API_VERSION KIND_VERSION KIND_NODE_IMAGE KIALI_CHART_VERSION PROMETHEUS_CHART_VERSION ECHO_REPOSITORY KIND_HTTP_PORT KIND_STATUS_PORT KIND_GWAPI_PORT
