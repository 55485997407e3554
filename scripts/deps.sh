#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages POS Doctor needs, only those missing, so a second run is
# quick. Usage: scripts/deps.sh [build|test|windows|windows-check]  (test adds the window-test
# tools; windows the mingw-w64 cross-compiler for make windows, windows-check also Wine, Xvfb
# and the Excel reader for make windows-check).
# On other systems it prints what to install by hand and leaves the machine alone.
set -euo pipefail

want=(gcc pkg-config libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev
      libxxf86vm-dev libwayland-dev libxkbcommon-dev)
why="to build the Fyne GUI (cgo, X11/Wayland headers)"
case "${1:-build}" in
  windows|windows-check)
    want=(gcc-mingw-w64-x86-64 zip)
    why="to cross-build posdoctor.exe for Windows (mingw-w64) and zip it"
    if [ "$1" = windows-check ]; then
      want+=(wine wine64 xvfb xdotool imagemagick python3-openpyxl locales)
      why="$why, to run it under Wine and a virtual X server and read its Excel report back"
    fi
    ;;
esac
if [ "${1:-build}" = test ]; then
  want+=(xvfb imagemagick xdotool python3-openpyxl postgresql poppler-utils)
  why="$why, to run the window test under a virtual X server (xvfb, imagemagick, xdotool), to read the Excel reports back with an independent reader (python3-openpyxl), to test the shared store on a throwaway server (postgresql), and to read the merchant's forms back from their PDF (poppler-utils: pdftotext)"
fi

if ! command -v go >/dev/null 2>&1; then
  echo "deps: Go is not installed. Install Go 1.26 or later from your distribution or go.dev/dl, then run make again." >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "deps: not a Debian/Ubuntu system; install by hand: a C compiler, pkg-config, OpenGL and X11 development files"
  echo "      (see README.md, 'Other systems'), and for 'make test' Xvfb, ImageMagick and xdotool."
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# OpenGL headers: asked for only when absent (naming it when present makes apt upgrade mesa)
if [[ "${1:-build}" != windows* ]] \
   && ! dpkg-query -W -f='${Status}' libgl1-mesa-dev 2>/dev/null | grep -q "install ok installed" \
   && ! dpkg-query -W -f='${Status}' libgl-dev 2>/dev/null | grep -q "install ok installed"; then
  missing+=(libgl1-mesa-dev)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all needed packages are installed"
  exit 0
fi

echo "deps: installing ${missing[*]}"
echo "      ($why)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# refresh the package lists once a day at most
if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
  $sudo apt-get update -qq
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: done"
