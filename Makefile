# Unspool: one entry point for people and CI. See README.md.
SHELL := /bin/bash
# The runner gives the whole suite 20 s after the page loads and the driver 5 s to start: a busy
# CI machine compiling the 31 MB debug Wasm can take longer (CI failed there once, the same suite
# passing in 2 s here). Room, not retries.
WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
	WASM_BINDGEN_TEST_TIMEOUT=300 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60
DEMO ?= tests/fixtures/long-thread-from-middle/page.html

.PHONY: demo build setup setup-test test test-rust test-wasm test-e2e test-firefox lint bench serve fixtures screenshots

## Build the extension (dist/chrome, dist/firefox, zips) and the CLI, then unroll a bundled demo page.
demo: build
	@echo; echo "== unspool --format text $(DEMO)"; echo
	@./target/release/unspool --format text $(DEMO)

## What is missing is installed by one script (tools/setup.sh), the same one CI runs through here.
setup:
	@bash tools/setup.sh build

setup-test:
	@bash tools/setup.sh test

build: setup
	node tools/build.mjs
	cargo build --release --bin unspool

## Every test: formatting, lints, Rust units + fixtures + corpus + fuzz, the same fixtures in
## Chromium through the DOM path, the extension end to end in Chromium and in Firefox, the
## Firefox lint.
test: setup-test build lint test-rust test-wasm test-e2e test-firefox

lint:
	cargo fmt --check
	cargo clippy -- -D warnings
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features live-dom -- -D warnings
	node_modules/.bin/web-ext lint --source-dir dist/firefox
	node_modules/.bin/tsc --noEmit -p .
	node_modules/.bin/tsc --noEmit -p tools
	node_modules/.bin/eslint .

test-rust:
	cargo test

test-wasm:
	$(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --features live-dom --test web

test-e2e:
	node --test --test-concurrency=1 tests/e2e/ tests/sim/

test-firefox:
	node --test --test-concurrency=1 tests/firefox/

## Benchmarks (numbers, not tests): native extraction, click-to-reader, collection.
bench: build
	node tools/bench-pages.mjs target/bench-pages 10 100 1000
	node tools/make-mastodon-fixtures.mjs --bench target/bench-pages 10 100 1000
	cargo bench --bench extract
	node tools/bench-reader.mjs
	node tools/bench-collect.mjs
	node tools/bench-collect-bluesky.mjs
	node tools/bench-scale.mjs

## Rewrites the README's and the docs' screenshots (make test writes its own to target/).
screenshots: build
	UNSPOOL_SCREENSHOTS=docs/screenshots node --test tests/e2e/screenshots.test.mjs

serve: build
	node tools/serve.mjs

fixtures:
	node tools/make-fixtures.mjs
	node tools/make-bluesky-fixtures.mjs
	UNSPOOL_BLESS=1 cargo test --test fixtures --test corpus
