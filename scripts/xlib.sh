# Shared by scripts/window-test.sh and scripts/startup.sh (sourced, not run): a virtual screen,
# an app stopped as a logout stops it, a click in the app's window.

# start_x WxH LOG: a virtual screen of that size on a free display (DISPLAY set, $xvfb its pid);
# a screen this script started before is stopped first
start_x() {
  [ -n "${xvfb:-}" ] && { kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; }
  local d=99
  while [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
  Xvfb ":$d" -screen 0 "$1x24" -nolisten tcp >"${2:-/dev/null}" 2>&1 &
  xvfb=$!
  export DISPLAY=":$d"
  for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 0.5
}

# stop_pid PID: SIGTERM (the app quits through Fyne, running its shutdown), up to 10 s to go,
# then SIGKILL
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# click X Y [SECONDS]: a left click at X,Y of the window $wid, then a pause (default 0.5 s)
click() { xdotool mousemove --window "$wid" "$1" "$2" click 1; sleep "${3:-0.5}"; }
