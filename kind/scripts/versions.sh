# shellcheck shell=bash
# Pinned versions (override from the environment, e.g. ISTIO_VERSION=1.30.1 make cluster).
# Istio 1.29.2 with Kiali 2.24 is a pairing Kiali supports; `make upgrade` defaults to 1.30.1.
ISTIO_VERSION="${ISTIO_VERSION:-1.29.2}"
ISTIO_UPGRADE_TO="${ISTIO_TO:-1.30.1}"
KIALI_CHART_VERSION="${KIALI_CHART_VERSION:-2.24.0}"
PROMETHEUS_CHART_VERSION="${PROMETHEUS_CHART_VERSION:-29.45.1}"
ECHO_IMAGE="${ECHO_IMAGE:-meshcheck/echo:dev}"
export ISTIO_VERSION ISTIO_UPGRADE_TO KIALI_CHART_VERSION PROMETHEUS_CHART_VERSION ECHO_IMAGE
