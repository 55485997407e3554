package assets

import (
	"embed"
	_ "embed"
)

// Font is Droid Sans Fallback (Apache-2.0, see fonts/README.md): one TrueType file covering
// Latin and Chinese, so Chinese renders where no CJK font is installed.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var Font []byte

// BoldFont is Noto Sans CJK SC Bold (OFL-1.1, see fonts/README.md) cut down to GB 2312, the
// Big5 common characters, Latin-1 and the UI's symbols by scripts/make-bold-font.py: Droid Sans
// Fallback has no bold face.
//
//go:embed fonts/NotoSansSC-Bold-subset.otf
var BoldFont []byte

// Icon is the app icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/en.json, zh.json (Simplified) and zh_TW.json (Traditional)
// for fyne's lang package.
//
//go:embed translations
var Translations embed.FS
