#!/usr/bin/env bash
# Window test: starts the real posdoctor binary under a virtual X server, on the built-in
# simulated terminal, takes a screenshot once the window shows, and fails if the window never
# appears, the app dies, or the screenshot is blank. Screenshots go to build/screenshots/
# (build artefacts, not committed). Usage: scripts/window-test.sh BINARY
set -euo pipefail
. "$(dirname "$0")/xlib.sh"
bin=${1:-build/posdoctor}
out=${SHOTS:-build/screenshots}
mkdir -p "$out"
[ -x "$bin" ] || { echo "window-test: $bin is not built" >&2; exit 1; }

app="" xvfb=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$app" ] && wait "$app" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
# the app's preferences and incident store go to a throw-away folder, not the user's
home=$(mktemp -d)
export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data"
db="$XDG_DATA_HOME/posdoctor/incidents.db"

start_x 1280x800 "$out/xvfb.log"

scale=1     # FYNE_SCALE of the next start_app
tag=""      # added to the log's name
start_app() { # lang
  log="$out/app-$1$tag.log"
  LANG=$1 LANGUAGE=${1%%.*} LIBGL_ALWAYS_SOFTWARE=1 FYNE_SCALE=$scale POSDOCTOR_LAYOUT_CHECK=1 "$bin" >"$log" 2>&1 &
  app=$!
  if ! wid=$(timeout 60 xdotool search --sync --onlyvisible --name "POS" 2>/dev/null | head -1) || [ -z "$wid" ]; then
    echo "window-test: no window appeared within 60 s; app log:" >&2
    cat "$log" >&2
    exit 1
  fi
}


shot() { # name: screenshot the window, fail if blank or if the app died or logged a failure
  local name=$1
  if ! kill -0 "$app" 2>/dev/null; then
    echo "window-test: the app exited; log:" >&2; cat "$log" >&2; exit 1
  fi
  import -window "$wid" "$out/$name.png"
  local colours
  colours=$(/usr/bin/convert "$out/$name.png" -format %k info:)
  if [ "$colours" -lt 16 ]; then
    echo "window-test: $out/$name.png looks blank ($colours colours)" >&2; exit 1
  fi
  if grep -qiE "panic|fatal error|data race" "$log"; then
    echo "window-test: the app log shows a failure:" >&2; cat "$log" >&2; exit 1
  fi
  check_layout "$name"
  echo "window-test: $name ok ($colours colours) -> $out/$name.png"
}

# check_layout fails when the window does not fit the screen or when the app's layout check
# (POSDOCTOR_LAYOUT_CHECK=1, docs/testing.md) logged a widget smaller than its minimum size or
# outside the window. The check runs twice a second: wait for one more round first.
check_layout() { # screen name
  sleep 0.6
  local geo screen w h sw sh
  geo=$(xdotool getwindowgeometry "$wid" | awk '/Geometry/ {print $2}')
  screen=$(xdotool getdisplaygeometry)
  w=${geo%x*} h=${geo#*x} sw=${screen% *} sh=${screen#* }
  if [ "$w" -gt "$sw" ] || [ "$h" -gt "$sh" ]; then
    echo "window-test: $1: the window ($geo) is larger than the screen (${sw}x$sh)" >&2; exit 1
  fi
  if grep -q "layout-check:" "$log"; then
    echo "window-test: $1: clipped or off-screen widgets:" >&2; grep "layout-check:" "$log" >&2; exit 1
  fi
}

# stop_app closes the app as a logout would (SIGTERM: it quits through Fyne, running its
# shutdown), and fails if shutting down touched widgets off the UI goroutine
stop_app() {
  stop_pid "$app"
  app=""
  if grep -q "Error in Fyne call thread" "$log"; then
    echo "window-test: the app touched widgets off the UI goroutine:" >&2; grep -m6 -A4 "Fyne call thread" "$log" >&2; exit 1
  fi
}

# ONLY_TEXT=1 runs only the text-size pass at the end (to work on it)
if [ "${ONLY_TEXT:-0}" != 1 ]; then

# The window is 1200x640 at scale 1 (the app's first size, app/layout.go); tabs sit on the
# top row. Coordinates are the widgets' centres in that layout.

# English: connect, run every check (answering the printer and sign-on questions), look up,
# the incident, settings
start_app en_US.UTF-8
sleep 4                       # connects to the built-in simulator and shows its status
shot connect-en
click 160 22                  # Checklist tab
click 73 62                   # Run all checks
for _ in $(seq 24); do        # answer "Yes" to the slip and sign-on questions when they come
  click 633 370 1.2
done
shot checklist-en
click 262 22                  # Look up tab
click 450 62                  # the search box
xdotool type --delay 40 "paper out"
sleep 1
shot lookup-en
click 362 22                  # Incident tab: the run above has joined the visit
shot incident-en
click 532 22 2                # Reports tab: this month's tiles and charts, the visit above among them
shot reports-en
click 712 22                  # Settings tab
shot settings-en
# a drill: pick the first one, name the trainee, start; the app moves to the drill's terminal
click 622 22                  # Drills tab
click 100 98                  # the first drill of the list
click 900 210                 # the trainee's name
xdotool type --delay 40 "Zhang San"
click 869 325 4               # Start the drill: connects to the drill's simulated terminal
shot drill-trainee-en
# the banner moves the tabs down: they now sit at y 68
click 160 68                  # Checklist tab: a check on the drill's terminal
click 73 108                  # Run all checks
sleep 8
click 1128 317 2              # Stop keypad test (a stuck key never lets it finish)
for _ in $(seq 12); do        # Yes to the slip and sign-on questions
  click 633 370 1.2
done
shot drill-checklist-en
click 622 68                  # back to Drills
click 330 268                 # the code-book search
xdotool type --delay 40 "stuck key"
sleep 1
click 1122 268                # Give this diagnosis (the first match is picked)
click 615 308 1               # the action list
shot drill-actions-en
click 158 440 1               # Free the stuck key
click 1171 308 3              # Do it
shot drill-feedback-en
click 220 348 2               # Finish the drill: the debrief
shot drill-debrief-en
stop_app
recs=$("$bin" drill records --json --db "$db" 2>&1) || { echo "window-test: drill records: $recs" >&2; exit 1; }
if ! echo "$recs" | grep -q '"trainee": "Zhang San"'; then
  echo "window-test: the drill played in the window was not recorded:" >&2; echo "$recs" >&2; exit 1
fi
echo "window-test: the drill played in the window is in the training records"

# the clicked-through checklist really ran and the visit was saved: ask the CLI
saved=$("$bin" incidents --json --db "$db" 2>&1) || { echo "window-test: no incident store at $db: $saved" >&2; exit 1; }
if ! echo "$saved" | grep -q '"runs": 1' || ! echo "$saved" | grep -q '"verdict": "all-pass"'; then
  echo "window-test: the GUI's checklist run was not saved as a passing run:" >&2; echo "$saved" >&2; exit 1
fi
echo "window-test: the GUI saved the visit with its all-pass checklist run"

# Simplified Chinese: the same screens render with the embedded font
start_app zh_CN.UTF-8
sleep 4
shot connect-zh
click 585 144                 # 故障: the simulated terminal runs out of paper (Enter applies it)
xdotool type --delay 40 "paper-out"
xdotool key Return
sleep 1
click 112 22                  # 检查
click 73 62                   # 运行全部检查
sleep 3
shot checklist-zh
click 185 22                  # 查码
click 450 62
xdotool type --delay 40 "A0"
sleep 1
shot lookup-zh
click 398 22 2                # 月报
shot reports-zh
for _ in $(seq 10); do        # 是: answer the checklist's questions
  click 628 355 1.2
done
click 112 22 2                # 检查: the finished run, its verdict and the printer's finding
shot checklist-findings-zh
click 470 22 2                # 培训: the drills and the record of the drill played above
click 100 98
shot drills-zh
stop_app

# Laptop screens (issue 13): 1366x768 at scale 1 and 1280x720 at scale 1.5, in Simplified and
# Traditional Chinese and English, a screenshot of every screen, each checked by the layout
# check and the window's size against the screen's. With DOCS_SHOTS=DIR the screenshots are
# copied there too (docs/screenshots/laptop holds the committed ones).
tabs_zh=(40 112 185 255 326 398 470 542)  # tab centres at scale 1: two-character labels
tabs_en=(52 160 262 362 449 532 622 712)
at() { awk -v a="$1" -v s="$scale" 'BEGIN { printf "%d", a * s }'; }
tab() { click "$(at "${tabs[$1]}")" "$(at 22)" "${2:-0.8}"; }
yes_button() { # the confirmation dialog's Yes: below and right of the window's centre
  local geo w h
  geo=$(xdotool getwindowgeometry "$wid" | awk '/Geometry/ {print $2}')
  w=${geo%x*} h=${geo#*x}
  click $((w / 2 + $(at "$1"))) $((h / 2 + $(at "$2"))) 1.2
}
layout_run() { # screen scale name
  start_x "$1" "$out/xvfb.log"
  scale=$2
  local l short
  for l in zh_CN.UTF-8 zh_TW.UTF-8 en_US.UTF-8; do
    short=${l%%.*}; short=${short/_CN/}; short=${short/_US/}
    tag="-$3"
    if [ "$short" = en ]; then tabs=("${tabs_en[@]}"); dx=33 dy=50; else tabs=("${tabs_zh[@]}"); dx=28 dy=35; fi
    start_app "$l"
    sleep 4
    shot "connect-$short-$3"
    tab 1
    click "$(at 73)" "$(at 62)"             # run all checks
    for _ in $(seq 24); do yes_button $dx $dy; done
    shot "checklist-$short-$3"
    tab 2
    click "$(at 450)" "$(at 62)"            # the search box
    xdotool type --delay 40 "A0"
    sleep 1
    shot "lookup-$short-$3"
    tab 3
    shot "incident-$short-$3"
    tab 4
    shot "line-$short-$3"
    tab 5 2
    shot "reports-$short-$3"
    tab 6 1
    shot "drills-$short-$3"
    tab 7
    shot "settings-$short-$3"
    stop_app
    if [ -n "${DOCS_SHOTS:-}" ]; then
      mkdir -p "$DOCS_SHOTS"
      cp "$out"/*-"$short-$3".png "$DOCS_SHOTS"/
    fi
  done
}
# LAYOUTS=0 leaves the laptop matrix out (the -race run: it adds nothing the run above does not
# exercise, and takes minutes)
if [ "${LAYOUTS:-1}" != 0 ]; then
  layout_run 1366x768 1 1366x768
  layout_run 1280x720 1.5 1280x720-scale1.5
  echo "window-test: every screen fits 1366x768 and 1280x720 at scale 1.5 in zh, zh_TW and en"
fi
fi # ONLY_TEXT

# Text size 150 % (Settings, the text_scale preference) on both laptop screens, in Chinese:
# every screen, reached with Alt+1 … Alt+8 (the tabs move with the text size), checked by the
# layout check and against the screen's size.
prefs_dir="$XDG_CONFIG_HOME/fyne/cn.posdoctor.app"
set_text_scale() { # factor: written into the app's preferences before it starts
  mkdir -p "$prefs_dir"
  /usr/bin/python3 - "$prefs_dir/preferences.json" "$1" <<'PY'
import json, os, sys
p, f = sys.argv[1], float(sys.argv[2])
d = json.load(open(p)) if os.path.exists(p) else {}
d["text_scale"] = f
json.dump(d, open(p, "w"))
PY
}
screens=(connect checklist lookup incident line reports drills settings)
text_run() { # screen scale name
  start_x "$1" "$out/xvfb.log"
  scale=$2
  tag="-$3"
  set_text_scale 1.5
  start_app zh_CN.UTF-8
  sleep 4
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  local n
  for n in $(seq 8); do
    xdotool key --clearmodifiers "alt+$n"
    sleep 1.2
    shot "${screens[$((n - 1))]}-zh-$3"
  done
  stop_app
  set_text_scale 1
}
if [ "${LAYOUTS:-1}" != 0 ]; then
  text_run 1366x768 1 1366x768-text150
  text_run 1280x720 1.5 1280x720-scale1.5-text150
  echo "window-test: every screen fits 1366x768 and 1280x720 at scale 1.5 with text at 150 % (zh)"
fi
