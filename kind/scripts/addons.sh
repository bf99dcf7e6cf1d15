#!/usr/bin/env bash
# Observability: Prometheus (with its Pushgateway, which the nightly run pushes to) in
# namespace monitoring, Grafana with meshcheck's dashboard provisioned, and Kiali reading that
# Prometheus. No Ingress: reach them with
# kubectl port-forward (kind/README.md), which binds 127.0.0.1.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
require helm kubectl

step "Prometheus $PROMETHEUS_CHART_VERSION + Pushgateway (namespace monitoring)"
run helm upgrade --install prometheus prometheus-community/prometheus --kube-context "$KCTX" -n monitoring --create-namespace --version "$PROMETHEUS_CHART_VERSION" -f "$ROOT/kind/addons/prometheus-values.yaml" --wait

step "Grafana $GRAFANA_CHART_VERSION with the meshcheck dashboard (namespace monitoring)"
# The dashboard file itself, so the one in the repository is the one Grafana shows.
apply_file_configmap monitoring meshcheck-dashboard meshcheck-dashboard.json "$ROOT/kind/addons/grafana/meshcheck-dashboard.json"
run helm upgrade --install grafana grafana-community/grafana --kube-context "$KCTX" -n monitoring --version "$GRAFANA_CHART_VERSION" -f "$ROOT/kind/addons/grafana-values.yaml" --wait

step "Kiali $KIALI_CHART_VERSION (namespace istio-system)"
run helm upgrade --install kiali-server kiali/kiali-server --kube-context "$KCTX" -n istio-system --version "$KIALI_CHART_VERSION" -f "$ROOT/kind/addons/kiali-values.yaml" --wait
