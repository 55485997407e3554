# POS Doctor. README's two commands: `make run` and `make test`.
GO      ?= go
BIN     := build/posdoctor
# every package but main tests without cgo or a display
NOCGO_PKGS = $$($(GO) list ./... | grep -v '^posdoctor$$')
# Fyne without its colour emoji font (EmojiOneColor: 4 MB in the binary, parsed again for each
# text style, ~13 MB of memory; the app draws no emoji, and one a person types comes from the
# system's fonts): every build of the app takes these tags (docs/testing.md, "Memory and start-up")
TAGS    := no_emoji
FUZZTIME ?= 5s
FUZZTIME_LONG ?= 3m

.PHONY: run build build-race deps deps-test test vet unit race fuzz fuzz-long bench window-test window-test-race startup package soak

run: build
	./$(BIN)

build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

deps:
	@bash scripts/deps.sh build

deps-test:
	@bash scripts/deps.sh test

# All tests: vet, the domain packages without cgo, everything under the race detector,
# short fuzz runs, and the window test under Xvfb, also with a -race binary.
test: deps-test vet unit race fuzz window-test window-test-race

# vet, and vet again as Windows builds it (the domain packages and their tests; main needs cgo),
# so a Unix-only call cannot slip into code or tests the Windows build takes
vet:
	$(GO) vet ./...
	GOOS=windows CGO_ENABLED=0 $(GO) vet $(NOCGO_PKGS)

# unit and race run beside a throwaway PostgreSQL server (scripts/with-postgres.sh): the shared
# store's tests need one, and fail, never skip, when it cannot start
unit:
	CGO_ENABLED=0 bash scripts/with-postgres.sh $(GO) test -count=1 $(NOCGO_PKGS)

race:
	bash scripts/with-postgres.sh $(GO) test -race -count=1 ./...

# Each fuzz target for a short while (seeded from the committed corpus under testdata/fuzz).
fuzz:
	@bash scripts/fuzz.sh $(FUZZTIME)

fuzz-long:
	@bash scripts/fuzz.sh $(FUZZTIME_LONG)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

window-test: build
	bash scripts/window-test.sh $(BIN)

# the real window with the race detector on: the first -race cgo build of Fyne takes minutes
build-race: deps
	$(GO) build -race -tags $(TAGS) -o build/posdoctor-race .

window-test-race: build-race
	LAYOUTS=0 bash scripts/window-test.sh build/posdoctor-race

# Not part of test: SOAK_N unattended checks against the simulator with random line faults and
# seeds (in memory and on ptys), counting hangs, panics, double executions and wrong verdicts;
# SOAK_SEED replays a soak (docs/testing.md). Minutes: the line's timings are real.
SOAK_N ?= 40
SOAK_SEED ?= 0
soak:
	CGO_ENABLED=0 $(GO) test -tags soak -run '^TestSoak$$' -count=1 -timeout 90m -v ./diagnostics/ -args -soak.n=$(SOAK_N) -soak.seed=$(SOAK_SEED)

# posdoctor beside a bare Fyne window (scripts/barewindow) under one Xvfb: time to the first frame,
# resident memory and Go heap at idle and after a visit (docs/testing.md), STARTUP_RUNS runs each
STARTUP_RUNS ?= 3
startup: build
	$(GO) build -o build/barewindow scripts/barewindow/main.go
	bash scripts/startup.sh $(BIN) build/barewindow $(STARTUP_RUNS)

# a Linux package (tar.xz with the binary, icon and .desktop file) in build/; the fyne tool
# bumps Build in FyneApp.toml, which is kept as committed
package: deps
	cp FyneApp.toml build/FyneApp.toml.keep 2>/dev/null || { mkdir -p build && cp FyneApp.toml build/FyneApp.toml.keep; }
	$(GO) tool fyne package --os linux --release --tags $(TAGS); status=$$?; mv build/FyneApp.toml.keep FyneApp.toml; exit $$status
	mv "POS Doctor.tar.xz" build/posdoctor-linux.tar.xz
	@echo "package: build/posdoctor-linux.tar.xz"

# Windows (docs/windows.md; not part of test): build/posdoctor.exe cross-built with mingw-w64 by
# the fyne tool (icon, version, manifest, -H windowsgui) and build/posdoctor-windows.zip, about
# 7 minutes the first time, seconds after; windows-check runs it under Wine and Xvfb (a minute).
.PHONY: windows windows-check
windows:
	@bash scripts/deps.sh windows
	bash scripts/windows/build.sh

windows-check: windows
	@bash scripts/deps.sh windows-check
	bash scripts/windows/check.sh build/posdoctor.exe
