# toggl-attio-sync: `make run` serves the console, `make test` runs every check CI runs.
GO      ?= go
TOOLS   := $(GO) tool -modfile=tools/go.mod
export CGO_ENABLED ?= 1

.PHONY: run test convergence convergence-short generate check-generated fmt-check vet staticcheck mod-check test-go deps-test deploy-check sim demo fuzz fuzz-short bench chaos image release

run:
	$(GO) run .

sim:
	$(GO) run . sim

demo:
	$(GO) run . -demo

# Regenerate templ and sqlc output (committed; never edit the generated files by hand).
generate:
	$(TOOLS) templ generate
	$(TOOLS) sqlc generate

# The README's test command: installs what a fresh machine lacks, then every check.
test: deps-test check-generated fmt-check mod-check vet staticcheck test-go convergence-short fuzz-short deploy-check

deps-test:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Fails when regenerating would change a committed file.
check-generated: generate
	@changed=$$(git status --porcelain -- 'views/*_templ.go' 'db/*.sql.go' db/db.go db/models.go); \
	if [ -n "$$changed" ]; then echo "generated code is stale; run make generate and commit:"; echo "$$changed"; git diff --stat -- views db; exit 1; fi

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck's default checks less ST1005: error strings may start with a product's name
# ("Attio ...", "Toggl ..."), and the Toggl emulator repeats Toggl's own messages.
staticcheck:
	$(TOOLS) staticcheck -checks 'all,-ST1000,-ST1003,-ST1005,-ST1016,-ST1020,-ST1021,-ST1022' ./...

# Fails when go.mod or go.sum is not tidy.
mod-check:
	@$(GO) mod tidy -diff || { echo "go.mod is not tidy: run go mod tidy and commit"; exit 1; }

# The systemd unit (systemd-analyze verify), the image's configuration (podman) and the
# alert rules (promtool), each checked by its own tool; installs them when missing.
deploy-check:
	bash deploy/check.sh

# The container image from a static binary built here (docker or podman; pulls nothing).
image:
	bash deploy/image.sh

# Static binaries for each platform with SHA-256 checksums, into dist/.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
PLATFORMS := linux/amd64 linux/arm64 darwin/arm64 windows/amd64
release:
	@rm -rf dist && mkdir -p dist
	@for p in $(PLATFORMS); do os=$${p%%/*}; arch=$${p##*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  out=dist/toggl-attio-sync-$(VERSION)-$$os-$$arch$$ext; echo "build $$out"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -buildvcs=true \
	    -ldflags "-s -w -X toggl-attio-sync/internal/buildinfo.version=$(VERSION)" -o $$out . || exit 1; done
	@cd dist && sha256sum toggl-attio-sync-* > SHA256SUMS && cat SHA256SUMS

test-go:
	$(GO) test -race -count=1 -timeout 12m ./...

# Reconciliation convergence over seeded random histories (docs/RECONCILE.md): make test
# plays 200 seeds without the race detector (test-go plays 40 with it); SEEDS=2000 for a long run.
SEEDS ?= 2000
convergence-short:
	TAS_CONVERGENCE_SEEDS=200 $(GO) test -count=1 -timeout 10m -run '^TestReconciliationConverges$$' ./internal/resync
convergence:
	TAS_CONVERGENCE_SEEDS=$(SEEDS) TAS_CONVERGENCE_OUT=$(CURDIR)/convergence.txt $(GO) test -count=1 -timeout 120m -v -run '^TestReconciliationConverges$$' ./internal/resync

# Every fuzz target for FUZZTIME each (make test runs 20000 inputs of each).
FUZZTIME ?= 60s
FUZZ_TARGETS := internal/signature:FuzzVerifyToggl internal/togglevent:FuzzParse \
	internal/routing:FuzzDecide internal/routing:FuzzRules internal/fieldmap:FuzzRender \
	internal/signature:FuzzVerifyAttio internal/outbound:FuzzParseEvent internal/resync:FuzzParseWindow \
	web:FuzzRulesForm web:FuzzFieldMapForm
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$fn in $$pkg for $(FUZZTIME)"; \
	  $(GO) test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) ./$$pkg || exit 1; done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=20000x

# The fault suite at full size; writes docs/CHAOS.md.
chaos:
	$(GO) run . chaos -out docs/CHAOS.md

# Measures on this machine and writes docs/BENCHMARKS.md, then the Go micro-benchmarks.
bench:
	$(GO) run . bench -out docs/BENCHMARKS.md
	$(GO) test -run='^$$' -bench=. -benchmem ./internal/bench
	$(GO) test -run='^$$' -bench=BackfillWriteRate -benchtime=1x ./internal/resync
