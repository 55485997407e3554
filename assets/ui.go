package assets

import (
	"embed"
	_ "embed"
)

// Font is the UI's regular face and BoldFont its bold: Noto Sans CJK SC Regular and Bold
// (OFL-1.1, see fonts/README.md), each cut down by scripts/make-fonts.py to the same
// characters (GB 2312, the Big5 common characters, ASCII, Latin-1 and the UI's symbols), so
// Chinese renders where no CJK font is installed. Both have CFF outlines, which the text
// shaper leaves unparsed until a glyph is drawn.
//
//go:embed fonts/NotoSansSC-Regular-subset.otf
var Font []byte

//go:embed fonts/NotoSansSC-Bold-subset.otf
var BoldFont []byte

// FormFontGzip is the PDF forms' font, gzip-compressed (2.1 MB instead of 4.0): Droid Sans
// Fallback (Apache-2.0), TrueType (the PDF writer reads no other outlines) with all 20,902
// unified ideographs and Extension A, so a merchant's name prints whatever characters it holds.
// Package forms unpacks it for each form: a 4 MB font held for ever would cost every window
// that never makes one.
//
//go:embed fonts/DroidSansFallbackFull.ttf.gz
var FormFontGzip []byte

// Icon is the app icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/en.json, zh.json (Simplified) and zh_TW.json (Traditional)
// for fyne's lang package.
//
//go:embed translations
var Translations embed.FS
