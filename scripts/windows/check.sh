#!/usr/bin/env bash
# make windows-check: runs the cross-built posdoctor.exe under Wine (Debian's wine) on this
# Linux machine. The command line: help, lookup 03 --json, check --sim --json --yes, sim (which
# must say what Windows lacks), a checked visit saved to the incident store in the Wine user's
# %LocalAppData%\posdoctor and its Excel report, read back with openpyxl; the language taken
# from the Windows UI language. Then the app under Xvfb in a Chinese Windows locale, and a
# screenshot of its Connect screen. What Wine cannot show: docs/windows.md.
# Usage: scripts/windows/check.sh [build/posdoctor.exe]. Output under build/windows-check/.
set -euo pipefail
exe=${1:-build/posdoctor.exe}
out=build/windows-check
[ -f "$exe" ] || { echo "windows-check: $exe is not built (make windows)" >&2; exit 1; }
for c in wine wineboot wineserver winepath x86_64-w64-mingw32-gcc localedef Xvfb xdotool import; do
  command -v "$c" >/dev/null || { echo "windows-check: $c is missing (scripts/deps.sh windows installs what is)" >&2; exit 1; }
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")

# a Wine prefix of our own (kept between runs: creating one takes a while), quiet, and without
# the Mono and Gecko installers Wine would otherwise offer
export WINEPREFIX="$out/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
xvfb=""
cleanup() {
  wineserver -k 2>/dev/null || true # this prefix's processes only
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
start=$SECONDS
t0=$SECONDS
lap() { echo "windows-check: $1 ($((SECONDS - t0)) s)"; t0=$SECONDS; }
fail() { echo "windows-check: FAIL: $*" >&2; exit 1; }

[ -f "$WINEPREFIX/system.reg" ] || wineboot -i >"$out/wineboot.log" 2>&1
# Debian's Wine 8.0 lacks bcryptprimitives.dll, which the Go runtime needs at start: a stand-in
# for this prefix only (scripts/windows/bcryptprimitives.c), never shipped
x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" scripts/windows/bcryptprimitives.c -ladvapi32
cp "$out/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
# Wine takes the Windows locale from the Unix one: a Chinese locale of our own (LOCPATH), so
# nothing on the machine changes
mkdir -p "$out/locale"
[ -d "$out/locale/zh_CN.UTF-8" ] || localedef -i zh_CN -f UTF-8 "$out/locale/zh_CN.UTF-8"
lap "Wine prefix ready"

appdata="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/posdoctor"
rm -rf "$appdata" # the incident store starts empty each run
# run ARGS...: posdoctor.exe in an English Windows (C.UTF-8: Wine reads the Chinese arguments as UTF-8), stdout to $out/stdout, stderr to $out/stderr
run() { LANG=C.UTF-8 wine "$exe" "$@" >"$out/stdout" 2>"$out/stderr"; }

# 1. help
run help || true # help's own exit code is the usage's
grep -q "lookup" "$out/stdout" "$out/stderr" || fail "help names no commands: $(cat "$out/stderr")"
echo "--- posdoctor.exe help (first lines)"; cat "$out/stdout" "$out/stderr" | head -5
lap "help"

# 2. lookup 03 --json
run lookup 03 --json || fail "lookup 03 --json exited $?: $(cat "$out/stderr")"
/usr/bin/python3 - "$out/stdout" <<'PY' || fail "lookup 03 --json: $(head -c 400 "$out/stdout")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
entries = d
first = entries[0]
assert first.get("code") == "03", first
print("--- lookup 03 --json:", first["code"], first.get("title_zh"), "/", first.get("title_en"))
PY
lap "lookup 03 --json"

# 3. check --sim --json --yes: the simulator in memory (no pty on Windows)
run check --sim --json --yes || fail "check --sim exited $?: $(cat "$out/stderr")"
/usr/bin/python3 - "$out/stdout" <<'PY' || fail "check --sim --json: $(head -c 400 "$out/stdout")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
steps = d.get("steps") or []
assert len(steps) == 8, [s.get("id") for s in steps]
bad = [s.get("id") for s in steps if s.get("status") != "pass"]
assert not bad, bad
print("--- check --sim --json --yes: verdict %s, %d steps passed" % (d["verdict"]["kind"], len(steps)))
PY
lap "check --sim --json --yes"

# 4. sim: Windows has no pseudo-terminal; it must say so and what to use instead
if run sim; then fail "sim served on Windows?"; fi
grep -q "com0com" "$out/stderr" || fail "sim does not name com0com: $(cat "$out/stderr")"
echo "--- sim: $(head -c 200 "$out/stderr")…"
lap "sim"

# 5. a visit saved to the store in %LocalAppData%\posdoctor, and its Excel report
run check --sim --fault paper-out --yes --save --technician 王师傅 --symptom 不出小票 || true
[ -f "$appdata/incidents.db" ] || fail "no store in %LocalAppData%\\posdoctor: $(cat "$out/stderr")"
run incidents --json || fail "incidents --json: $(cat "$out/stderr")"
id=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1],encoding="utf-8")); d=d if isinstance(d,list) else d.get("incidents",[]); print(d[0]["id"])' "$out/stdout") ||
  fail "incidents --json: $(head -c 400 "$out/stdout")"
rm -f "$out/visit.xlsx"
run report incident "$id" -o "$(winepath -w "$out/visit.xlsx")" || fail "report incident: $(cat "$out/stderr")"
/usr/bin/python3 - "$out/visit.xlsx" <<'PY' || fail "the workbook does not read back"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
for want in ("王师傅", "不出小票", "P1"):
    assert any(want in c for c in cells), want
print("--- report incident: %s, sheets %s; 王师傅, 不出小票 and P1 read back by openpyxl" % (sys.argv[1].split("/")[-1], wb.sheetnames))
PY
echo "--- store: $(winepath -w "$appdata/incidents.db")"
lap "check --save, incidents --json, report incident (openpyxl)"

# 6. the language from the Windows UI language, no locale variable set (as on Windows)
# (cmd clears the variables Wine passed through; the .exe's path has no spaces under build/)
LOCPATH="$out/locale" LANG=zh_CN.UTF-8 wine cmd /c "set LANG=& set LC_ALL=& set LANGUAGE=& $(winepath -w "$exe") lookup 03" >"$out/stdout" 2>"$out/stderr" || true
grep -qF "含义" "$out/stdout" || fail "lookup in a Chinese Windows is not in Chinese: $(head -c 300 "$out/stdout")"
echo "--- lookup 03 in a Chinese Windows, no LANG: $(head -1 "$out/stdout")"
lap "UI language"

# 7. the app under Xvfb, Chinese Windows, the Connect screen. The prefix's Wine server and its
# desktop started without a display for the commands above: end them, so the app's start
# brings up new ones on the virtual screen
wineserver -k 2>/dev/null || true
wineserver -w 2>/dev/null || true
d=99
while [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
export DISPLAY=":$d"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
LOCPATH="$out/locale" LANG=zh_CN.UTF-8 LIBGL_ALWAYS_SOFTWARE=1 wine "$exe" >"$out/app.log" 2>&1 &
app=$!
wid=$(timeout 120 xdotool search --sync --onlyvisible --name "POS" 2>/dev/null | head -1) || true
[ -n "$wid" ] || fail "no window within 120 s: $(tail -20 "$out/app.log")"
sleep "${WINDOWS_SHOT_WAIT:-15}" # the first frames (software OpenGL) and the simulator's status
kill -0 "$app" 2>/dev/null || fail "the app exited: $(tail -20 "$out/app.log")"
import -window "$wid" "$out/connect-zh.png"
colours=$(/usr/bin/convert "$out/connect-zh.png" -format %k info:)
[ "$colours" -ge 16 ] || fail "the screenshot is blank ($colours colours)"
echo "--- app: window $(xdotool getwindowname "$wid"), screenshot $out/connect-zh.png ($colours colours)"
lap "app under Xvfb"

# 8. Settings → Language wins over the Windows language: English chosen on the Chinese Windows
# above, the window's title is English (Fyne reads the locale from Windows, not the
# environment: app/language.go files the chosen strings under the system's locale)
kill "$app" 2>/dev/null || true
wineserver -k 2>/dev/null || true
wineserver -w 2>/dev/null || true
prefs="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming/fyne/cn.posdoctor.app"
mkdir -p "$prefs"
echo '{"language":"en"}' >"$prefs/preferences.json"
LOCPATH="$out/locale" LANG=zh_CN.UTF-8 LIBGL_ALWAYS_SOFTWARE=1 wine "$exe" >"$out/app-en.log" 2>&1 &
app=$!
wid=$(timeout 120 xdotool search --sync --onlyvisible --name "POS" 2>/dev/null | head -1) || true
[ -n "$wid" ] || fail "no window with English chosen within 120 s: $(tail -20 "$out/app-en.log")"
sleep 5
title=$(xdotool getwindowname "$wid")
rm -f "$prefs/preferences.json"
[ "$title" = "POS Doctor" ] || fail "English chosen in Settings on a Chinese Windows, the window is titled $title"
echo "--- Settings → English on a Chinese Windows: window $title"
lap "Settings language"
echo "windows-check: ok in $((SECONDS - start)) s"
