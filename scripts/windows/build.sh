#!/usr/bin/env bash
# make windows: build/posdoctor.exe for windows/amd64, cross-built with mingw-w64 (cgo, for
# Fyne's OpenGL driver) by the fyne tool pinned in go.mod (`fyne package --os windows --release`:
# the icon, version information and manifest from FyneApp.toml, -H windowsgui, -trimpath, -s -w),
# then build/posdoctor-windows.zip: the .exe, README.txt (Chinese and English) and the licences
# of everything it embeds. The fyne tool writes fyne.syso, a metadata file and a bumped Build
# into the folder it builds, so it builds a copy of the tree (build/windows/src), never the tree
# others work in. The first build takes minutes (cgo); later ones reuse Go's build cache.
set -euo pipefail
root=$(pwd)
work=build/windows
src=$work/src
cc=${WINDOWS_CC:-x86_64-w64-mingw32-gcc}
command -v "$cc" >/dev/null || { echo "windows: $cc is missing (scripts/deps.sh windows installs gcc-mingw-w64-x86-64)" >&2; exit 1; }
start=$SECONDS

# the working tree as it is (tracked and new files, not what .gitignore leaves out)
rm -rf "$src" && mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$src"

# the fyne tool for this machine (go tool would build it for GOOS), then run for windows/amd64.
# Its release build compiles the C parts with -fstack-protector-strong and _FORTIFY_SOURCE but
# adds the library they need only on Linux: mingw-w64's libssp goes in statically, so the .exe
# needs no libssp-0.dll, only what every Windows has.
go build -o "$work/fyne" fyne.io/tools/cmd/fyne
(cd "$src" && CGO_ENABLED=1 GOARCH=amd64 CC="$cc" CGO_LDFLAGS="${CGO_LDFLAGS:--O2 -g} -l:libssp.a" \
  "$root/$work/fyne" package --os windows --release --tags no_emoji) # the Makefile's TAGS
mv "$src/POS Doctor.exe" build/posdoctor.exe
echo "windows: build/posdoctor.exe, $(du -m build/posdoctor.exe | cut -f1) MB, built in $((SECONDS - start)) s"

# the zip: posdoctor/ with the .exe, README.txt and LICENSES/
z=$work/zip/posdoctor
rm -rf "$work/zip" && mkdir -p "$z/LICENSES"
cp build/posdoctor.exe "$z/"
# README.txt with CRLF line ends and a UTF-8 byte order mark, so every Notepad shows the Chinese
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' scripts/windows/README.txt; } >"$z/README.txt"
# the licences of what is compiled in: Go, every module the Windows build links, the fonts
cp "$(go env GOROOT)/LICENSE" "$z/LICENSES/go.txt"
(cd "$src" && GOOS=windows GOARCH=amd64 CGO_ENABLED=1 go list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Dir}}{{end}}{{end}}' .) | sort -u |
while read -r mod dir; do
  found=0
  for f in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/COPYING* "$dir"/NOTICE* "$dir"/license* "$dir"/AUTHORS; do
    [ -f "$f" ] || continue
    cp "$f" "$z/LICENSES/$(echo "$mod" | tr '/' '_')-$(basename "$f" | tr -d ' ').txt"
    found=1
  done
  [ "$found" = 1 ] || echo "windows: warning: no licence file found for $mod" >&2
done
cp assets/fonts/OFL.txt "$z/LICENSES/font-NotoSansCJK-OFL.txt"
cp /usr/share/common-licenses/Apache-2.0 "$z/LICENSES/font-DroidSansFallback-Apache-2.0.txt" 2>/dev/null ||
  echo "windows: warning: no Apache-2.0 text at /usr/share/common-licenses for Droid Sans Fallback" >&2
cp assets/fonts/README.md "$z/LICENSES/fonts-README.md"
rm -f build/posdoctor-windows.zip
(cd "$work/zip" && zip -qr -X "$root/build/posdoctor-windows.zip" posdoctor)
echo "windows: build/posdoctor-windows.zip, $(du -m build/posdoctor-windows.zip | cut -f1) MB, $(ls "$z/LICENSES" | wc -l) licence files; $((SECONDS - start)) s in all"
