# meshcheck — the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MESHCHECK := node bin/meshcheck.js
# npm writes this file on every install; it is newer than the lock file when node_modules is current.
NPM_STAMP := node_modules/.package-lock.json
SHELL_SCRIPTS = $(shell find . -name '*.sh' -not -path './node_modules/*') .ci/run

.PHONY: help install tools run test lint typecheck shellcheck unit bench

help:
	@echo "make run    install, then run the conformance suite against the local mesh"
	@echo "make test   install, then lint, typecheck, shellcheck and every test"
	@echo "make bench  run the benchmarks (results in bench/results/)"

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(NPM_STAMP)

# Debian tools the tests use (shellcheck; .ci/run also installs prometheus and chromium).
tools:
	@bash .ci/install-tools.sh shellcheck

run: install
	$(MESHCHECK) run

test: install tools lint typecheck shellcheck unit

lint: install
	npx eslint .

typecheck: install
	npx tsc -p tsconfig.json
	npx tsc -p scenarios/tsconfig.json
	npx tsc -p spec/tsconfig.json

shellcheck: tools
	shellcheck $(SHELL_SCRIPTS)

# Mocha's parallel mode: a worker per core (at least 2; most tests wait on the wall clock), fed
# the files slowest first (.ci/test-files.sh). A failure in any worker fails the run and counts
# in the closing "tests:" line (test/support/reporter.test.ts).
MOCHA_JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n < 2 ? 2 : n )))

unit: install
	files="$$(bash .ci/test-files.sh)" && npx mocha --parallel --jobs $(MOCHA_JOBS) $$files

# Benchmarks, not tests: each writes bench/results/<name>.md with the command that made it.
bench: install
	npx tsx bench/stats/compare.ts --runs 20000 --seed 20240601
	npx tsx bench/startup/compare.ts --runs 10
	npx tsx bench/engine/compare.ts --connections 10 --duration 3 --rounds 10
	npx tsx bench/mesh/hops.ts --rate 200,1000 --seconds 10 --connections 32
	npx tsx bench/mesh/rss.ts --rate 2000 --seconds 500
	npx tsx bench/run/wall-time.ts --runs 3 --concurrency 1,4
	npx tsx bench/stress/run.ts --clean-runs 10

# ---- k6 scenarios (scenarios/README.md) -------------------------------------------------
# make k6 SCENARIO=canary PROFILE=/tmp/p.json [K6_PROMETHEUS_RW_SERVER_URL=http://prom:9090/api/v1/write] [K6_ARGS='-e DELTA=0.03']
# A ./k6 built by `make k6-build` wins over the one on PATH. bin/k6-run does the work and exits
# with k6's code (99, 107, 108), which it also prints; make itself can only exit 2 on a failure.
K6 ?= $(if $(wildcard ./k6),./k6,k6)
SCENARIO ?= canary
PROFILE ?=
REPORTS_DIR ?= reports
# The run's testid tag on every sample (empty: bin/k6-run makes one up and prints it).
TESTID ?=
K6_ARGS ?=
K6_PROMETHEUS_RW_SERVER_URL ?=
K6_PROMETHEUS_RW_TREND_STATS ?= p(50),p(95),p(99),min,max,avg
# xk6: the custom k6 with xk6-disruptor (Go's xk6 if present, else the grafana/xk6 image).
XK6_K6_VERSION ?= latest
XK6_WITH ?= github.com/grafana/xk6-disruptor
XK6_IMAGE ?= grafana/xk6:latest
# k6 operator: load.ts distributed in the kind cluster.
K6_OPERATOR_BUNDLE ?= https://raw.githubusercontent.com/grafana/k6-operator/main/bundle.yaml
K6_OPERATOR_NS := meshcheck-k6
K6_OPERATOR_PROFILE ?= kind/k6/profile.json
# One testid for all runners of a TestRun (each runner would otherwise make up its own).
K6_OPERATOR_TESTID ?= meshcheck-load-$(shell date -u +%Y%m%dT%H%M%SZ)
PARALLELISM ?= 2
K6_OPERATOR_TIMEOUT ?= 15m
# The kind cluster's own context, never whatever context is current (as in kind/scripts).
KUBECTL_KIND = kubectl --context kind-$(KIND_CLUSTER)

.PHONY: k6 k6-build k6-operator-install k6-operator-run k6-operator-wait k6-operator-delete

k6:
	K6='$(K6)' SCENARIO='$(SCENARIO)' PROFILE='$(PROFILE)' REPORTS_DIR='$(REPORTS_DIR)' TESTID='$(TESTID)' \
	  K6_PROMETHEUS_RW_SERVER_URL='$(K6_PROMETHEUS_RW_SERVER_URL)' K6_PROMETHEUS_RW_TREND_STATS='$(K6_PROMETHEUS_RW_TREND_STATS)' \
	  bin/k6-run $(K6_ARGS)

k6-build:
	@if command -v xk6 >/dev/null 2>&1; then \
	  echo "xk6 build $(XK6_K6_VERSION) --with $(XK6_WITH)"; xk6 build $(XK6_K6_VERSION) --with $(XK6_WITH) --output ./k6; \
	elif command -v go >/dev/null 2>&1; then \
	  echo "go run xk6 build $(XK6_K6_VERSION) --with $(XK6_WITH)"; go run go.k6.io/xk6/cmd/xk6@latest build $(XK6_K6_VERSION) --with $(XK6_WITH) --output ./k6; \
	elif command -v docker >/dev/null 2>&1; then \
	  echo "docker $(XK6_IMAGE) build $(XK6_K6_VERSION) --with $(XK6_WITH)"; \
	  docker run --rm -u "$$(id -u):$$(id -g)" -e GOOS="$$(uname -s | tr '[:upper:]' '[:lower:]')" -v "$$PWD:/xk6" -w /xk6 $(XK6_IMAGE) build $(XK6_K6_VERSION) --with $(XK6_WITH) --output /xk6/k6; \
	else echo "make k6-build: needs xk6, Go or Docker" >&2; exit 2; fi
	./k6 version

k6-operator-install:
	$(KUBECTL_KIND) apply --server-side -f $(K6_OPERATOR_BUNDLE)
	$(KUBECTL_KIND) apply -f kind/k6/namespace.yaml

# load.ts is bundled to plain JS (any k6 image runs it) and shipped with the in-cluster profile.
k6-operator-run: install
	@mkdir -p .tmp/k6-operator
	npx esbuild scenarios/load.ts --bundle --format=esm --platform=neutral --target=es2020 --external:k6 '--external:k6/*' --outfile=.tmp/k6-operator/load.js --log-level=warning
	$(KUBECTL_KIND) -n $(K6_OPERATOR_NS) create configmap meshcheck-load --from-file=load.js=.tmp/k6-operator/load.js --from-file=profile.json=$(K6_OPERATOR_PROFILE) --dry-run=client -o yaml | $(KUBECTL_KIND) apply -f -
	$(KUBECTL_KIND) -n $(K6_OPERATOR_NS) delete testrun meshcheck-load --ignore-not-found
	sed -e 's/^  parallelism: .*/  parallelism: $(PARALLELISM)/' -e 's/INSTANCES=[0-9]*/INSTANCES=$(PARALLELISM)/' -e 's/TESTID=[^ ]*/TESTID=$(K6_OPERATOR_TESTID)/' kind/k6/testrun.yaml | $(KUBECTL_KIND) apply -f -
	@echo "TestRun meshcheck-load (testid $(K6_OPERATOR_TESTID)) started with parallelism $(PARALLELISM); make k6-operator-wait to follow it"

k6-operator-wait:
	$(KUBECTL_KIND) -n $(K6_OPERATOR_NS) wait testrun/meshcheck-load --for=jsonpath='{.status.stage}'=finished --timeout=$(K6_OPERATOR_TIMEOUT)
	$(KUBECTL_KIND) -n $(K6_OPERATOR_NS) logs -l k6_cr=meshcheck-load,runner=true --tail=40 --prefix

k6-operator-delete:
	$(KUBECTL_KIND) -n $(K6_OPERATOR_NS) delete testrun meshcheck-load --ignore-not-found
	$(KUBECTL_KIND) -n $(K6_OPERATOR_NS) delete configmap meshcheck-load --ignore-not-found

# --- kind cluster with Istio (kind/README.md). The scripts check their tools (docker, kind,
# helm, kubectl) and name what is missing; DRY_RUN=1 prints their commands without running any.
KIND_CLUSTER ?= meshcheck
export KIND_CLUSTER KIND_HTTP_PORT KIND_STATUS_PORT ISTIO_VERSION ISTIO_TO ERROR_BUDGET LOAD_RATE DRY_RUN

.PHONY: cluster conformance upgrade down

cluster: install
	bash kind/scripts/cluster-up.sh

conformance: install
	$(MESHCHECK) run --target kind $(RUN_ARGS)

upgrade: install
	bash kind/scripts/upgrade.sh

down:
	bash kind/scripts/down.sh
