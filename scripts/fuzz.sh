#!/usr/bin/env bash
# Runs every fuzz target of the module for the given time (default 5s). New crashers are
# written by go test under the package's testdata/fuzz/ and make this script fail.
#
# Go 1.26's fuzzing coordinator has a race at the end of a -fuzztime window (go.dev/issue/75804,
# fixed in Go 1.27): under load a target can fail with nothing but "context deadline exceeded",
# having found nothing and written no input. Such a run, and only such a run, is tried again (at
# most twice); anything else that fails — a failing input, a panic, a test's own error, a new file
# under testdata/fuzz — fails this script at once.
set -euo pipefail

# deadline_only LOG: true when the run failed only by the coordinator's deadline race: every line
# between "--- FAIL:" and the closing "FAIL" is "context deadline exceeded", and no input was written.
deadline_only() {
  awk '
    /^--- FAIL: / { in_fail = 1; fails++; next }
    in_fail && /^FAIL/ { in_fail = 0; next }
    in_fail && $0 == "    context deadline exceeded" { deadline++; next }
    in_fail { other++ }
    /Failing input written|^panic:|^fatal error:/ { other++ }
    END { exit !(fails == 1 && deadline == 1 && other == 0) }
  ' "$1"
}

# The classifier checks itself first, on the two shapes it must tell apart.
self_check() {
  local f
  f=$(mktemp)
  printf '%s\n' 'fuzz: elapsed: 5s, execs: 8440 (1491/sec), new interesting: 0 (total: 94)' \
    '--- FAIL: FuzzHandle (5.38s)' '    context deadline exceeded' 'FAIL' 'exit status 1' > "$f"
  deadline_only "$f" || { echo "fuzz.sh: the deadline race is not recognised" >&2; rm -f "$f"; exit 1; }
  printf '%s\n' '--- FAIL: FuzzHandle (0.20s)' '    --- FAIL: FuzzHandle (0.00s)' \
    '        handle_test.go:40: panic' '    Failing input written to testdata/fuzz/FuzzHandle/0a1b' \
    '    context deadline exceeded' 'FAIL' > "$f"
  ! deadline_only "$f" || { echo "fuzz.sh: a real failure is taken for the deadline race" >&2; rm -f "$f"; exit 1; }
  printf '%s\n' '--- FAIL: FuzzHandle (5.01s)' '    context deadline exceeded' \
    '    handle_test.go:12: wrong answer' 'FAIL' > "$f"
  ! deadline_only "$f" || { echo "fuzz.sh: a test error is taken for the deadline race" >&2; rm -f "$f"; exit 1; }
  rm -f "$f"
}
self_check

# inputs DIR: how many inputs the target's corpus holds (0 when it has none yet).
inputs() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }

t=${1:-5s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    corpus="$dir/testdata/fuzz/$target"
    for try in 1 2 3; do
      echo "fuzz: $pkg $target for $t"
      before=$(inputs "$corpus")
      if CGO_ENABLED=0 go test -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime "$t" "$pkg" > "$log" 2>&1; then
        tail -1 "$log"
        break
      fi
      after=$(inputs "$corpus")
      if [ "$try" -lt 3 ] && [ "$before" = "$after" ] && deadline_only "$log"; then
        echo "fuzz: $target stopped on Go's deadline race (go.dev/issue/75804), no input found; again"
        continue
      fi
      cat "$log"
      exit 1
    done
  done
done
