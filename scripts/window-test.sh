#!/usr/bin/env bash
# Window test: starts the real posdoctor binary under a virtual X server, on the built-in
# simulated terminal, takes a screenshot once the window shows, and fails if the window never
# appears, the app dies, or the screenshot is blank. Screenshots go to build/screenshots/
# (build artefacts, not committed). Usage: scripts/window-test.sh BINARY
set -euo pipefail
bin=${1:-build/posdoctor}
out=${SHOTS:-build/screenshots}
mkdir -p "$out"
[ -x "$bin" ] || { echo "window-test: $bin is not built" >&2; exit 1; }

# a free display number
d=99
while [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$app" ] && wait "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
export DISPLAY=":$d"
# the app's preferences and incident store go to a throw-away folder, not the user's
home=$(mktemp -d)
export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data"
db="$XDG_DATA_HOME/posdoctor/incidents.db"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
sleep 0.5

start_app() { # lang
  LANG=$1 LANGUAGE=${1%%.*} LIBGL_ALWAYS_SOFTWARE=1 FYNE_SCALE=1 "$bin" >"$out/app-$1.log" 2>&1 &
  app=$!
  log="$out/app-$1.log"
  if ! wid=$(timeout 60 xdotool search --sync --onlyvisible --name "POS" 2>/dev/null | head -1) || [ -z "$wid" ]; then
    echo "window-test: no window appeared within 60 s; app log:" >&2
    cat "$log" >&2
    exit 1
  fi
}

click() { xdotool mousemove --window "$wid" "$1" "$2" click 1; sleep "${3:-0.5}"; }

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
  echo "window-test: $name ok ($colours colours) -> $out/$name.png"
}

# stop_app closes the app as a logout would (SIGTERM: it quits through Fyne, running its
# shutdown), and fails if shutting down touched widgets off the UI goroutine
stop_app() {
  kill "$app" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app=""
  if grep -q "Error in Fyne call thread" "$log"; then
    echo "window-test: the app touched widgets off the UI goroutine:" >&2; grep -A4 "Fyne call thread" "$log" | head -30 >&2; exit 1
  fi
}

# The window is 900x640 at scale 1; tabs sit on the top row. Coordinates are the widgets'
# centres in that layout.

# English: connect, run every check (answering the printer and sign-on questions), look up,
# the incident, settings
start_app en_US.UTF-8
sleep 4                       # connects to the built-in simulator and shows its status
shot connect-en
click 160 22                  # Checklist tab
click 73 62                   # Run all checks
for _ in $(seq 24); do        # answer "Yes" to the slip and sign-on questions when they come
  click 483 370 1.2
done
shot checklist-en
click 262 22                  # Look up tab
click 450 62                  # the search box
xdotool type --delay 40 "paper out"
sleep 1
shot lookup-en
click 362 22                  # Incident tab: the run above has joined the visit
shot incident-en
click 463 22 2                # Reports tab: this month's tiles and charts, the visit above among them
shot reports-en
click 650 22                  # Settings tab
shot settings-en
# a drill: pick the first one, name the trainee, start; the app moves to the drill's terminal
click 551 22                  # Drills tab
click 100 98                  # the first drill of the list
click 687 210                 # the trainee's name
xdotool type --delay 40 "Zhang San"
click 651 325 4               # Start the drill: connects to the drill's simulated terminal
shot drill-trainee-en
# the banner moves the tabs down: they now sit at y 68
click 160 68                  # Checklist tab: a check on the drill's terminal
click 73 108                  # Run all checks
sleep 8
click 335 583 2               # Stop keypad test (a stuck key never lets it finish)
for _ in $(seq 12); do        # Yes to the slip and sign-on questions
  click 483 370 1.2
done
shot drill-checklist-en
click 551 68                  # back to Drills
click 250 268                 # the code-book search
xdotool type --delay 40 "stuck key"
sleep 1
click 822 268                 # Give this diagnosis (the first match is picked)
click 465 308 1               # the action list
shot drill-actions-en
click 158 440 1               # Free the stuck key
click 871 308 3               # Do it
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
click 112 22                  # 检查
click 73 62                   # 运行全部检查
sleep 3
shot checklist-zh
click 185 22                  # 查码
click 450 62
xdotool type --delay 40 "A0"
sleep 1
shot lookup-zh
click 326 22 2                # 月报
shot reports-zh
for _ in $(seq 10); do        # 是: answer the checklist's questions
  click 478 355 1.2
done
click 398 22 2                # 培训: the drills and the record of the drill played above
click 100 98
shot drills-zh
stop_app
