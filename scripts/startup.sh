#!/usr/bin/env bash
# Start-up and memory of posdoctor beside a bare Fyne window (scripts/barewindow: one label, the
# same Fyne, the same driver), one after the other under one virtual X server with software
# OpenGL, RUNS times each. For each program it prints:
#   - the time from exec to the first painted frame (the "first-frame" line each program logs
#     with POSDOCTOR_MEMSTATS set, app/startup.go);
#   - resident memory (VmRSS) after IDLE seconds idle (posdoctor connected to its built-in
#     simulated terminal), and the Go heap in use then (runtime.MemStats, written on SIGUSR1);
#   - for posdoctor, the same after a full visit clicked through with xdotool: every check run
#     (the questions answered), a code looked up, the Incident, Line, Reports, Drills and
#     Settings tabs opened, then IDLE seconds idle again.
# The heap profiles (pprof) of the last run are kept in OUT (go tool pprof -top OUT/posdoctor-idle.pprof).
# Usage: scripts/startup.sh POSDOCTOR BAREWINDOW [RUNS]; IDLE (default 30) and OUT (build/startup).
set -euo pipefail
. "$(dirname "$0")/xlib.sh"
bin=${1:-build/posdoctor}
bare=${2:-build/barewindow}
runs=${3:-3}
idle=${IDLE:-30}
out=${OUT:-build/startup}
mkdir -p "$out"
for b in "$bin" "$bare"; do [ -x "$b" ] || { echo "startup: $b is not built" >&2; exit 1; }; done
# the build tags each was built with (make builds posdoctor with no_emoji; the bare window as
# Fyne comes): a posdoctor built by hand without them measures ~13 MB more
for b in "$bin" "$bare"; do
  tags=$(go version -m "$b" 2>/dev/null | awk '$1 == "build" && $2 ~ /^-tags=/ { sub(/^-tags=/, "", $2); print $2 }')
  echo "$(basename "$b"): build tags ${tags:-none}"
done

xvfb="" app="" home=""
cleanup() {
  [ -n "$app" ] && { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null; } || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  [ -n "$home" ] && rm -rf "$home"
  true # a trap's last status is the script's: an empty $home is no failure
}
trap cleanup EXIT
start_x 1280x800 /dev/null
export LIBGL_ALWAYS_SOFTWARE=1 FYNE_SCALE=1 LANG=en_US.UTF-8 LANGUAGE=en_US

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# start NAME BINARY: runs it with a fresh home, waits for its first frame; sets app, wid, first
start() {
  home=$(mktemp -d)
  log="$out/$1.log" mem="$home/memstats"
  local t0 now
  t0=$(date +%s%N)
  XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" POSDOCTOR_MEMSTATS="$mem" "$2" >"$log" 2>&1 &
  app=$!
  first=""
  for _ in $(seq 3000); do
    if grep -q '^first-frame' "$log"; then now=$(date +%s%N); first=$(( (now - t0) / 1000000 )); break; fi
    kill -0 "$app" 2>/dev/null || { echo "startup: $1 exited; log:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.01
  done
  [ -n "$first" ] || { echo "startup: $1 drew no frame within 30 s" >&2; exit 1; }
  wid=$(timeout 10 xdotool search --sync --onlyvisible --pid "$app" 2>/dev/null | head -1)
}

# measure TAG: resident memory now (and its anonymous part: the Go heap, the driver's buffers;
# and its file-backed part: mostly the binary), then the Go heap figures and profile through
# SIGUSR1; sets rss, anon, file and heap (KiB)
measure() {
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$app/status")
  anon=$(awk '/^RssAnon/ {print $2}' "/proc/$app/status")
  file=$(awk '/^RssFile/ {print $2}' "/proc/$app/status")
  rm -f "$mem"
  kill -USR1 "$app"
  for _ in $(seq 100); do [ -s "$mem" ] && break; sleep 0.05; done
  heap=$(awk '/^HeapInuse/ {print int($2 / 1024)}' "$mem")
  cp "$mem.pprof" "$out/$1.pprof"
}

stop() {
  stop_pid "$app"
  app=""
  rm -rf "$home"; home=""
}


# visit: the window test's English visit (scripts/window-test.sh; the window is 1200x640 at
# scale 1 with the tabs on its top row), without the drill, which changes terminal
visit() {
  click 160 22                  # Checklist tab
  click 73 62                   # Run all checks
  for _ in $(seq 24); do        # "Yes" to the slip and sign-on questions
    click 633 370 1.2
  done
  click 262 22                  # Look up
  click 450 62
  xdotool type --delay 40 "paper out"
  sleep 1
  click 362 22 1                # Incident: the run above has joined the visit
  click 449 22 1                # Line
  click 532 22 2                # Reports: this month's tiles and charts
  click 622 22 1                # Drills
  click 100 98 1                # the first drill
  click 712 22 1                # Settings
  click 52 22 1                 # back to Connect
}

declare -a bf bi bh pf pi ph vi vh
for i in $(seq "$runs"); do
  start barewindow "$bare"
  bf+=("$first"); sleep "$idle"; measure barewindow-idle; bi+=("$rss"); bh+=("$heap"); stop
  echo "run $i: bare window  first frame ${first} ms; idle: $(mib "$rss") MiB resident ($(mib "$anon") anon, $(mib "$file") file), Go heap in use $(mib "$heap") MiB"

  start posdoctor "$bin"
  pf+=("$first"); sleep "$idle"; measure posdoctor-idle; pi+=("$rss"); ph+=("$heap")
  echo "run $i: posdoctor    first frame ${first} ms; idle: $(mib "$rss") MiB resident ($(mib "$anon") anon, $(mib "$file") file), Go heap in use $(mib "$heap") MiB"
  db="$home/data/posdoctor/incidents.db"
  visit
  sleep "$idle"; measure posdoctor-visit; vi+=("$rss"); vh+=("$heap")
  saved=no
  "$bin" incidents --json --db "$db" 2>/dev/null | grep -q '"verdict": "all-pass"' && saved=yes
  echo "run $i: posdoctor    after a visit (checklist run and saved: $saved): $(mib "$rss") MiB resident ($(mib "$anon") anon, $(mib "$file") file), Go heap in use $(mib "$heap") MiB"
  stop
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
b=$(median "${bi[@]}") p=$(median "${pi[@]}") v=$(median "${vi[@]}")
echo
echo "medians of $runs runs (idle ${idle} s; MiB resident / Go heap in use; first frame):"
echo "  bare window          $(mib "$b") / $(mib "$(median "${bh[@]}")"); $(median "${bf[@]}") ms"
echo "  posdoctor idle       $(mib "$p") / $(mib "$(median "${ph[@]}")"); $(median "${pf[@]}") ms   $(mib $((p - b))) MiB above the bare window (goal 30)"
echo "  posdoctor visited    $(mib "$v") / $(mib "$(median "${vh[@]}")")          $(mib $((v - b))) MiB above the bare window (goal under 60)"
