package assets

import (
	"bytes"
	"compress/gzip"
	"embed"
	_ "embed"
	"fmt"
	"io"
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

// formFont is Droid Sans Fallback (Apache-2.0), whole and gzip-compressed: see FormFont.
//
//go:embed fonts/DroidSansFallbackFull.ttf.gz
var formFont []byte

// FormFont returns Droid Sans Fallback, the PDF forms' font: TrueType (the PDF writer reads
// no other outlines) with all 20,902 unified ideographs and Extension A, so a merchant's name
// prints whatever characters it holds. It is kept compressed (2.1 MB instead of 4.0) and
// decompressed on each call, into memory the caller drops with the form: the app makes a form
// now and then, and a 4 MB font it held for ever would cost every window that never makes one.
func FormFont() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(formFont))
	if err != nil {
		return nil, fmt.Errorf("the forms' font: %w", err)
	}
	font, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("the forms' font: %w", err)
	}
	return font, nil
}

// Icon is the app icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/en.json, zh.json (Simplified) and zh_TW.json (Traditional)
// for fyne's lang package.
//
//go:embed translations
var Translations embed.FS
