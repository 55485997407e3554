# POS Doctor. README's two commands: `make run` and `make test`.
GO      ?= go
BIN     := build/posdoctor
# every package but main tests without cgo or a display
NOCGO_PKGS = $$($(GO) list ./... | grep -v '^posdoctor$$')
FUZZTIME ?= 5s
FUZZTIME_LONG ?= 3m

.PHONY: run build deps deps-test test vet unit race fuzz fuzz-long bench window-test package clean-build

run: build
	./$(BIN)

build: deps
	$(GO) build -o $(BIN) .

deps:
	@bash scripts/deps.sh build

deps-test:
	@bash scripts/deps.sh test

# All tests: vet, the domain packages without cgo, everything under the race detector,
# short fuzz runs, and the window test under Xvfb.
test: deps-test vet unit race fuzz build window-test

vet:
	$(GO) vet ./...

unit:
	CGO_ENABLED=0 $(GO) test -count=1 $(NOCGO_PKGS)

race:
	$(GO) test -race -count=1 ./...

# Each fuzz target for a short while (seeded from the committed corpus under testdata/fuzz).
fuzz:
	@bash scripts/fuzz.sh $(FUZZTIME)

fuzz-long:
	@bash scripts/fuzz.sh $(FUZZTIME_LONG)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

window-test: build
	bash scripts/window-test.sh $(BIN)

package: deps
	$(GO) tool fyne package -os linux -release
