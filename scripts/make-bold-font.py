#!/usr/bin/env python3
"""Make assets/fonts/NotoSansSC-Bold-subset.otf, the app's bold face (issue 13).

Droid Sans Fallback has no bold, so bold Chinese drew regular. This cuts Noto Sans CJK SC
Bold (SIL Open Font License 1.1, assets/fonts/OFL.txt) down to what the UI needs, as one
OpenType file (Fyne cannot load the .ttc collection it comes in):

- every character GB 2312 encodes (Simplified: 6,763 hanzi and its symbols),
- the Big5 common characters (lead bytes 0xA4-0xC6: 5,401 Traditional hanzi) and Big5's
  symbols (lead bytes 0xA1-0xA3),
- ASCII, Latin-1, and the punctuation, arrows, symbols and full-width forms the UI uses.

The character lists come from Python's codecs, so the same font file and Python give the
same result. Needs Debian's python3-fonttools and fonts-noto-cjk:

    apt-get install python3-fonttools fonts-noto-cjk
    python3 scripts/make-bold-font.py [path/to/NotoSansCJK-Bold.ttc]
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FAMILY = "Noto Sans CJK SC"
OUT = os.path.join(os.path.dirname(__file__), "..", "assets", "fonts", "NotoSansSC-Bold-subset.otf")


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
    chars.discard("\ufffd")
    return chars


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    collection = TTCollection(source)
    faces = [f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY]
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
    sub.populate(unicodes=[ord(c) for c in sorted(characters())])
    sub.subset(font)
    font.save(OUT)
    print("%s: %d characters, %d glyphs, %d bytes" % (
        os.path.normpath(OUT), len(font.getBestCmap()), len(font.getGlyphOrder()), os.path.getsize(OUT)))


if __name__ == "__main__":
    main()
