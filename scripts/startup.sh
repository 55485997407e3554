#!/usr/bin/env bash
# Measures the app's start-up to its first frame and its memory at idle, under a virtual X
# server: time from exec until the window is mapped, then resident memory (VmRSS) after the
# app has connected to the built-in simulator and sat idle. Usage: scripts/startup.sh BINARY [RUNS]
set -euo pipefail
bin=${1:-build/posdoctor}
runs=${2:-5}
d=98
while [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
home=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$home"' EXIT
export DISPLAY=":$d" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" LIBGL_ALWAYS_SOFTWARE=1 FYNE_SCALE=1
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" >/dev/null 2>&1 &
  app=$!
  timeout 60 xdotool search --sync --onlyvisible --name "POS" >/dev/null
  first=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 5 # connected to the simulator, idle
  rss=$(awk '/VmRSS/ {print $2}' /proc/$app/status)
  echo "run $i: first frame after ${first} ms; idle memory ${rss} KiB resident"
  kill "$app"; wait "$app" 2>/dev/null || true
done
