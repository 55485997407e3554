#!/usr/bin/env bash
# Window test: starts the real posdoctor binary under a virtual X server, on the built-in
# simulated terminal, takes a screenshot once the window shows, and fails if the window never
# appears, the app dies, or the screenshot is blank. Screenshots go to build/screenshots/
# (build artefacts, not committed). Usage: scripts/window-test.sh BINARY
set -euo pipefail
bin=${1:-build/posdoctor}
out=build/screenshots
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
}
trap cleanup EXIT
export DISPLAY=":$d"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
sleep 0.5

shoot() { # name [lang]
  local name=$1 lang=$2
  LANG=$lang LANGUAGE=${lang%%.*} LIBGL_ALWAYS_SOFTWARE=1 FYNE_SCALE=1 "$bin" >"$out/$name.log" 2>&1 &
  app=$!
  if ! wid=$(timeout 60 xdotool search --sync --onlyvisible --name "POS" 2>/dev/null | head -1) || [ -z "$wid" ]; then
    echo "window-test: no window appeared within 60 s; app log:" >&2
    cat "$out/$name.log" >&2
    exit 1
  fi
  # give it time to connect to the simulator and show the status
  sleep 4
  if ! kill -0 "$app" 2>/dev/null; then
    echo "window-test: the app exited; log:" >&2; cat "$out/$name.log" >&2; exit 1
  fi
  import -window "$wid" "$out/$name.png"
  colours=$(/usr/bin/convert "$out/$name.png" -format %k info:)
  if [ "$colours" -lt 16 ]; then
    echo "window-test: $out/$name.png looks blank ($colours colours)" >&2; exit 1
  fi
  if grep -qiE "panic|fatal error|data race" "$out/$name.log"; then
    echo "window-test: the app log shows a failure:" >&2; cat "$out/$name.log" >&2; exit 1
  fi
  echo "window-test: $name ok ($colours colours) -> $out/$name.png"
  kill "$app"; wait "$app" 2>/dev/null || true; app=""
}

shoot connect-zh zh_CN.UTF-8
shoot connect-en en_US.UTF-8
