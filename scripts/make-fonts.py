#!/usr/bin/env python3
"""Make the app's two faces, assets/fonts/NotoSansSC-Regular-subset.otf and
NotoSansSC-Bold-subset.otf (issue 13).

Each cuts a weight of Noto Sans CJK SC (SIL Open Font License 1.1, assets/fonts/OFL.txt) down
to one character set, as one OpenType file (Fyne cannot load the .ttc collection it comes in).
Both weights are CFF (PostScript) outlines, which the text shaper keeps as they are until a
glyph is drawn: the TrueType Droid Sans Fallback the app used before had every one of its
49,382 outlines parsed at start (17.5 MB of heap against 3.2 MB for this regular face). The
character set:

- every character GB 2312 encodes (Simplified: 6,763 hanzi and its symbols),
- the Big5 common characters (lead bytes 0xA4-0xC6: 5,401 Traditional hanzi) and Big5's
  symbols (lead bytes 0xA1-0xA3),
- ASCII, Latin-1, and the punctuation, arrows, symbols and full-width forms the UI uses.

Rarer characters (a merchant's name may hold one) are drawn by Fyne from the system's fonts,
as for any character the theme's font lacks; the PDF forms embed the full Droid Sans Fallback
(assets/fonts/DroidSansFallbackFull.ttf.gz) instead.

The character lists come from Python's codecs, so the same font files and Python give the
same result. Needs Debian's python3-fonttools and fonts-noto-cjk:

    apt-get install python3-fonttools fonts-noto-cjk
    apt-get install fonts-droid-fallback  # the forms' font
    python3 scripts/make-fonts.py [FOLDER with NotoSansCJK-Regular.ttc, -Bold.ttc [DroidSansFallbackFull.ttf]]
"""
import gzip
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCES = "/usr/share/fonts/opentype/noto"
FAMILY = "Noto Sans CJK SC"
FONTS = os.path.join(os.path.dirname(__file__), "..", "assets", "fonts")
WEIGHTS = ["Regular", "Bold"]
# characters the code book or the drills use beyond those sets (app's TestFontHasTheBooksGlyphs
# names any new one): 噠 of 咔噠, the click of a closing printer cover, in Traditional
EXTRA = "噠"
FORM_FONT = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"  # fonts-droid-fallback


def encodable(codec, leads, trails):
    """The characters that decode from the two-byte sequences lead+trail in codec."""
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.update(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def characters():
    chars = set(map(chr, range(0x20, 0x7F)))  # ASCII
    chars |= set(map(chr, range(0xA0, 0x100)))  # Latin-1
    chars |= encodable("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))  # all of GB 2312
    trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    chars |= encodable("big5", range(0xA1, 0xC7), trails)  # Big5 symbols and common hanzi
    for lo, hi in [
        (0x2000, 0x206F),  # general punctuation: — … · ‘ ’ “ ”
        (0x2190, 0x21FF),  # arrows: → ←
        (0x2200, 0x22FF),  # mathematical operators: × ≤ ≥
        (0x2460, 0x24FF),  # enclosed numbers
        (0x2500, 0x257F),  # box drawing
        (0x25A0, 0x25FF),  # geometric shapes: ● ○ ▶
        (0x2600, 0x26FF),  # symbols: ★ ☆
        (0x2713, 0x2717),  # ✓ ✔ ✕ ✖ ✗
        (0x3000, 0x303F),  # CJK punctuation: 。 、 「 」
        (0xFF00, 0xFFEF),  # full-width forms: ， ： （ ） ０-９
    ]:
        chars |= set(map(chr, range(lo, hi + 1)))
    chars |= set(EXTRA)
    chars.discard("\ufffd")
    return chars


def subset_weight(folder, weight, chars):
    """Writes FONTS/NotoSansSC-WEIGHT-subset.otf: the SC face of NotoSansCJK-WEIGHT.ttc, cut to chars."""
    source = os.path.join(folder, "NotoSansCJK-%s.ttc" % weight)
    faces = [f for f in TTCollection(source).fonts if f["name"].getDebugName(1) == FAMILY]
    if not faces:
        sys.exit("%s has no %s face" % (source, FAMILY))
    font = faces[0]
    options = subset.Options()
    options.hinting = False  # Fyne draws outlines unhinted: the hints would only add bytes
    options.desubroutinize = False
    options.layout_features = ["kern"]  # horizontal text only: no vertical forms, no other locales
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, licence
    options.notdef_outline = True
    options.recalc_timestamp = False  # the same input gives the same bytes
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in sorted(chars)])
    sub.subset(font)
    out = os.path.join(FONTS, "NotoSansSC-%s-subset.otf" % weight)
    font.recalcTimestamp = False  # keep the source's date: saving would write today's
    font.save(out)
    print("%s: %d characters, %d glyphs, %d bytes" % (
        os.path.normpath(out), len(font.getBestCmap()), len(font.getGlyphOrder()), os.path.getsize(out)))


def compress_form_font(source):
    """Writes FONTS/DroidSansFallbackFull.ttf.gz: the PDF forms' font, whole, gzip-compressed
    (with no name or time in the header, so the same file gives the same bytes)."""
    with open(source, "rb") as f:
        data = f.read()
    out = os.path.join(FONTS, "DroidSansFallbackFull.ttf.gz")
    with open(out, "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    print("%s: %d bytes from %d" % (os.path.normpath(out), os.path.getsize(out), len(data)))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else SOURCES
    chars = characters()
    for weight in WEIGHTS:
        subset_weight(folder, weight, chars)
    compress_form_font(sys.argv[2] if len(sys.argv) > 2 else FORM_FONT)


if __name__ == "__main__":
    main()
