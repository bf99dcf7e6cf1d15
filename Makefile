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

shellcheck: tools
	shellcheck $(SHELL_SCRIPTS)

unit: install
	npx mocha

bench: install
	@echo "benchmarks land with their issues; see bench/README.md"
