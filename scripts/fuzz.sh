#!/usr/bin/env bash
# Runs every fuzz target of the module for the given time (default 5s). New crashers are
# written by go test under the package's testdata/fuzz/ and make this script fail.
set -euo pipefail
t=${1:-5s}
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "fuzz: $pkg $target for $t"
    CGO_ENABLED=0 go test -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime "$t" "$pkg" > /tmp/fuzz-$$.log 2>&1 || { cat /tmp/fuzz-$$.log; rm -f /tmp/fuzz-$$.log; exit 1; }
    tail -1 /tmp/fuzz-$$.log
  done
done
rm -f /tmp/fuzz-$$.log
