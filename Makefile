# workplan — build, test and run the tool on this project's own workplans.
SWIFT ?= swift
PREFIX ?= /usr/local
CONFIG ?= debug
# Package traits for `make build` and the targets that use it: none by default (the plain build);
# CI sets TRAITS=--enable-all-traits so that every step shares the build `make test` made.
TRAITS ?=
BIN := .build/$(CONFIG)/workplan
# The commit builds are made from, for `workplan --version` (only the build-info C file depends on it).
export WORKPLAN_COMMIT := $(shell git rev-parse --short=7 HEAD 2>/dev/null)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)

.PHONY: lsp-check bench-lsp serve-check bench-serve build release system-deps test lint sync status cleanup-stale closure-review bench bench-inprocess fuzz crash-test install uninstall dist dist-check man man-check mcp-check dashboard dashboard-check hub-demo hub-check clean check-sarif pre-commit-try-repo commonmark-check format format-check

build: system-deps
	$(SWIFT) build -c $(CONFIG) $(TRAITS)

release: system-deps
	$(SWIFT) build -c release

# The Debian packages a build needs (SQLite, jemalloc), installed when missing.
system-deps:
	@scripts/system-deps.sh

# Every test, with the PostgreSQL trait; the hub tests run against a throwaway cluster
# (scripts/test.sh starts one when PostgreSQL is installed, and always under CI=true).
test:
	scripts/test.sh

lint: build
	$(BIN) lint workplans

# The main job: reconcile workplans/ into the state store (.workplan/state.sqlite), then summarise it.
sync: build
	$(BIN) sync
	$(BIN) status

status: build
	$(BIN) status

# The Workstream Closure Protocol for one workplan: make closure-review WP=CUST-WP-0005 [ARGS=--cancel-open]
closure-review: build
	@test -n "$(WP)" || { echo "usage: make closure-review WP=WORKPLAN-ID [ARGS='--cancel-open | --carry-forward-to ID']" >&2; exit 2; }
	$(BIN) close $(WP) $(ARGS)

# The daily job (cron-friendly): cancel stale database-only tasks of closed workstreams.
cleanup-stale: build
	$(BIN) cleanup-stale

# The release build, the man page and the completion scripts, in the usual folders under PREFIX.
# The installed binary has every trait: the MCP server and PostgreSQL hubs.
install: system-deps
	$(SWIFT) build -c release --enable-all-traits
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 .build/release/workplan $(DESTDIR)$(PREFIX)/bin/workplan
	install -m 0644 workplan.1 $(DESTDIR)$(PREFIX)/share/man/man1/workplan.1
	install -d $(DESTDIR)$(PREFIX)/share/doc/workplan
	install -m 0644 docs/rules.md $(DESTDIR)$(PREFIX)/share/doc/workplan/rules.md
	.build/release/workplan --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/workplan
	.build/release/workplan --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_workplan
	.build/release/workplan --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/workplan.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/workplan $(DESTDIR)$(PREFIX)/share/man/man1/workplan.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/workplan $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_workplan \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/workplan.fish $(DESTDIR)$(PREFIX)/share/doc/workplan/rules.md

# The portable release: dist/workplan-VERSION-linux-ARCH.tar.gz (+ .sha256), a binary that needs
# no Swift toolchain (docs/install.md).
dist:
	scripts/dist.sh

# Runs the portable binary with the Swift toolchain hidden and compares it with the normal build.
dist-check: build
	scripts/dist-check.sh $(BIN)

# The MCP server driven end to end by the official Python MCP client (mcp from PyPI, in a venv).
mcp-check: build
	scripts/test-mcp.sh $(BIN)

# The language server driven as an editor drives it, by pytest-lsp (PyPI, in a venv): every
# feature with exact ranges, a rename against `workplan renumber`, and malformed input.
lsp-check: build
	scripts/test-lsp.sh $(BIN)

# `workplan serve` over a real hub of three repositories: its answers against the files, its
# conventions and security, and schemathesis against the served OpenAPI document.
serve-check: build
	scripts/openapi.py --check
	scripts/test-serve.sh $(BIN)

# A team hub on this machine: a throwaway PostgreSQL cluster, this repository and two generated
# ones synced into it, and its status (HUB_KEEP=1 leaves it running).
hub-demo:
	scripts/hub-demo.sh

# 50 repositories of 200 workplans synced into one hub in three rounds (cold, one change each, no
# change), four at a time; every repository's counts checked after each round.
hub-check:
	scripts/hub-load.sh

# The dashboard of this project's store (after make sync), in site/.
dashboard: build
	$(BIN) dashboard --out site

# The dashboard in headless Chromium (Debian's chromium and chromium-driver, selenium from PyPI):
# pages, links, the domain filter; screenshots in .build/dashboard-screenshots/.
dashboard-check: build
	scripts/dashboard-check.sh $(BIN)

# Regenerates the man page, workplan.1, from the command definitions; man-check fails when it is stale.
man:
	scripts/man.sh

man-check:
	scripts/man.sh --check

# Validates the SARIF output against the SARIF 2.1.0 schema (needs check-jsonschema from PyPI).
check-sarif: build
	scripts/check-sarif.sh $(BIN)

# The block scanner against CommonMark (markdown-it-py, and cmark where they differ) on
# COMMONMARK_BODIES seeded generated bodies (default 10,000; COMMONMARK_SEED to vary).
COMMONMARK_BODIES ?= 10000
COMMONMARK_SEED ?= 20261201
commonmark-check: build
	scripts/install-commonmark-oracles.sh
	scripts/commonmark-differential.py --tool $(BIN) --count $(COMMONMARK_BODIES) --seed $(COMMONMARK_SEED)

# Runs both published pre-commit hooks (the system one with the dist binary) on sample repositories.
pre-commit-try-repo: dist
	scripts/test-pre-commit.sh

# Whole-command timings on generated corpora of 1,000, 10,000 and 100,000 workplans (long;
# installs hyperfine if missing). BENCH_SIZES="1000 10000" limits the sizes.
bench:
	Benchmarks/bench.sh
	$(MAKE) bench-lsp

# How long after the last keystroke the language server publishes a 2,000-line file's diagnostics.
bench-lsp: system-deps
	$(SWIFT) build -c release --enable-all-traits --product workplan
	$(SWIFT) build -c release --package-path Benchmarks --product generate-corpus
	python3 Benchmarks/bench-lsp.py $(CURDIR)/.build/release/workplan $(CURDIR)/Benchmarks/.build/release/generate-corpus

# `workplan serve` under load (wrk) on 10,000 workplans in SQLite and in a hub on loopback.
bench-serve:
	Benchmarks/bench-serve.sh

# In-process measurements of the pipeline's stages (ordo-one/package-benchmark).
bench-inprocess:
	cd Benchmarks && swift package --allow-writing-to-package-directory benchmark

# libFuzzer with AddressSanitizer over parsing, lint and every edit: FUZZ_SECONDS (default 600).
fuzz:
	scripts/fuzz.sh

# SIGKILLs sync and close (CRASH_KILLS, default 200), then renumber (100), at random moments; checks every invariant.
crash-test: build
	scripts/crash-test.sh $(BIN)
	scripts/crash-renumber.sh $(BIN)

# Formats every Swift file with the toolchain's swift-format and the project's .swift-format.
SWIFT_FILES = $(shell git ls-files '*.swift' | grep -v '^Fuzz/Sources/workplan-fuzz/EditInvariants.swift')
format:
	@$(SWIFT) format format -i --configuration .swift-format $(SWIFT_FILES)

format-check:
	@$(SWIFT) format lint --strict --configuration .swift-format $(SWIFT_FILES)

clean:
	rm -rf .build .build-dist dist Benchmarks/.build Fuzz/.build
