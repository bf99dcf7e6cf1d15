#!/usr/bin/env bash
# The helm repositories every chart here comes from (idempotent: --force-update).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
require helm

step "helm repositories"
run helm repo add istio https://istio-release.storage.googleapis.com/charts --force-update
run helm repo add prometheus-community https://prometheus-community.github.io/helm-charts --force-update
run helm repo add kiali https://kiali.org/helm-charts --force-update
run helm repo add grafana-community https://grafana-community.github.io/helm-charts --force-update
run helm repo update istio prometheus-community kiali grafana-community
