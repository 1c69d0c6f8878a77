# Skopos: `make demo` for a first look, `make test` for every test. Both install what is missing.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_UPDATED := .build/.apt-updated

.PHONY: demo test stress golden golden-run bench build deps deps-test sim clean

build:
	$(SWIFT) build

## Tools from Debian, installed when missing (conventions, section 8).
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
deps:
	@command -v kubectl >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) $(APT_INSTALL) kubernetes-client; }
	@{ command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; } || \
	  { $(SUDO) apt-get update -qq && $(SUDO) $(APT_INSTALL) prometheus; } || \
	  { echo "Prometheus could not be installed. Install Debian's package with 'sudo apt-get install --no-install-recommends prometheus', or put Prometheus 2.x's prometheus and promtool on PATH." >&2; exit 1; }

# Debian's kubectl (1.20) beside whatever kubectl is on PATH, so the tests check old and new clients alike.
KUBECTL_DEBIAN := .build/kubectl-debian/usr/bin/kubectl
deps-test: deps
	@test -x $(KUBECTL_DEBIAN) || { mkdir -p .build/kubectl-debian && cd .build/kubectl-debian && \
	  { apt-get download kubernetes-client >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && apt-get download kubernetes-client >/dev/null; }; } && \
	  dpkg-deb -x kubernetes-client_*.deb . && rm -f kubernetes-client_*.deb; } || echo "note: Debian's kubectl could not be unpacked; testing with $$(command -v kubectl) only"
	@test -x .build/pyclient/bin/python || { python3 -m venv .build/pyclient && .build/pyclient/bin/pip install -q kubernetes; } \
	  || echo "note: the Kubernetes Python client could not be installed into .build/pyclient; its test is skipped"

## A first run: simulated clusters east and west with Bookinfo and live traffic, one Prometheus per cluster and a
## federating Prometheus. Prints the URLs (also in .demo/demo.json); Ctrl-C stops everything.
demo: deps
	$(SWIFT) build --product skopos
	$(SWIFT) run --skip-build skopos demo --dir .demo

## Every test, as CI runs it: the test suites, then the Kiali compatibility cases (make golden).
test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip GoldenGraphTests
	@$(MAKE) --no-print-directory golden-run

## Heavy runs (conventions, section 10): the load tests at full size. `make test` runs their short form.
stress: deps-test
	$(SWIFT) build --build-tests
	SKOPOS_STRESS=1 $(SWIFT) test --skip-build --filter 'ReadModelTests|CrashTests|FuzzTests'

## Kiali compatibility tests over every case file in Tests/Fixtures (graph; validations once they exist): one line
## per case, PASS, FAIL or SKIP, then the totals. Exits non-zero when a case fails.
golden:
	$(SWIFT) build --build-tests
	@$(MAKE) --no-print-directory golden-run

golden-run:
	@$(SWIFT) test --skip-build --filter GoldenGraphTests > .build/golden.log 2>&1; status=$$?; \
	  grep -E '^(PASS|FAIL|SKIP) |^[0-9]+ passed' .build/golden.log; \
	  if [ $$status -ne 0 ]; then echo "golden: failed; the whole output is in .build/golden.log" >&2; fi; exit $$status

## Benchmarks (figures, never assertions), in release mode.
bench:
	$(SWIFT) build -c release --product skopos
	$(SWIFT) build -c release --product SkoposBench
	.build/release/SkoposBench

clean:
	rm -rf .build .demo
