#!/usr/bin/env python3
"""Generate src/mindmap/metrics.rs: the advance widths the mind map measures labels with.

The mind map sizes every node box from its label, so it must measure text with the metrics of the
font the page really draws with (Inter, shipped by the default theme). This script reads that font
and writes the table the Rust code uses, and copies the font files and their licence into the theme,
so the two can never drift apart: regenerate both together.

Inputs: the unpacked npm package @fontsource/inter (SIL OFL 1.1), e.g.

    cd "$(mktemp -d)" && npm pack @fontsource/inter@5.3.0 && tar xzf fontsource-inter-5.3.0.tgz
    pip install fonttools brotli uharfbuzz
    python3 scripts/gen-font-metrics.py "$PWD/package" \
        --rust src/mindmap/metrics.rs --fonts themes/default/static/fonts

What goes into the table, per weight (400 for skills, 600 for the centre and sections):
- the advance width, in font units, of every code point the browser will take from one of the
  shipped subset files: the file's cmap restricted to that file's CSS unicode-range, since a browser
  only uses a subset file for the code points of its unicode-range;
- pair kerning, as HarfBuzz (the shaper of Chromium and Firefox) applies it, for pairs of code points
  that both come from the `latin` subset (kerning happens only within one font file); contextual
  alternates (`calt`) are measured off, and the map's CSS turns them off to match;
- units per em, ascender, descender and the average width (OS/2 xAvgCharWidth), which the Rust side
  uses for characters the font lacks;
- the East Asian Wide and Fullwidth ranges (from Python's unicodedata), measured as 1em, and the
  marks and format characters that take no width of their own.
"""

import argparse
import io
import json
import shutil
import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont
import uharfbuzz as hb

SUBSETS = ["latin", "latin-ext", "cyrillic", "cyrillic-ext", "greek", "greek-ext", "vietnamese"]
WEIGHTS = {400: "REGULAR", 600: "SEMIBOLD"}
# Kerning is kept for the code points of the latin subset that labels commonly use.
KERN_RANGE = range(0x20, 0x250)


def parse_ranges(text):
    """Parse a CSS unicode-range value such as 'U+0000-00FF,U+0131' into a set of code points."""
    points = set()
    for part in text.split(","):
        part = part.strip().removeprefix("U+")
        lo, _, hi = part.partition("-")
        points.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return points


def load(path):
    font = TTFont(path)
    font.flavor = None
    raw = io.BytesIO()
    font.save(raw)
    return font, raw.getvalue()


def kern_pairs(data, cmap, points):
    """Return {(a, b): kerning in font units} for the pairs HarfBuzz kerns, calt off."""
    face = hb.Face(data)
    font = hb.Font(face)
    features = {"calt": False, "kern": True, "liga": False}
    chars = sorted(p for p in points if p in cmap and p in KERN_RANGE)
    pairs = {}
    for a in chars:
        for b in chars:
            buf = hb.Buffer()
            buf.add_codepoints([a, b])
            buf.guess_segment_properties()
            hb.shape(font, buf, features)
            infos, positions = buf.glyph_infos, buf.glyph_positions
            if len(infos) != 2:
                continue
            plain = font.get_glyph_h_advance(infos[0].codepoint) + font.get_glyph_h_advance(
                infos[1].codepoint
            )
            shaped = positions[0].x_advance + positions[1].x_advance
            if shaped != plain:
                pairs[(a, b)] = shaped - plain
    return pairs


UNASSIGNED_WIDE = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD)]


def wide_ranges():
    """East Asian Wide (W) and Fullwidth (F) code points, as inclusive ranges."""
    ranges = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        if unicodedata.category(chr(cp)) == "Cn":
            # Unassigned code points default to Wide in the CJK ideograph planes, else Neutral.
            wide = any(lo <= cp <= hi for lo, hi in UNASSIGNED_WIDE)
        else:
            wide = unicodedata.east_asian_width(chr(cp)) in ("W", "F")
        if wide:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return ranges


def zero_width_ranges():
    """Nonspacing and enclosing marks and format characters (Mn, Me, Cf): no advance of their own."""
    ranges = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        if unicodedata.category(chr(cp)) in ("Mn", "Me", "Cf"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return ranges


def rows(items, per_row, fmt):
    out = []
    for i in range(0, len(items), per_row):
        out.append("    " + " ".join(fmt(item) for item in items[i : i + per_row]))
    return "\n".join(out)


def weight_table(package, weight):
    subsets = json.loads((package / "unicode.json").read_text())
    unicode_ranges = {name: parse_ranges(value) for name, value in subsets.items()}
    advances = {}
    head = None
    kerning = {}
    for subset in SUBSETS:
        font, data = load(package / "files" / f"inter-{subset}-{weight}-normal.woff2")
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        for cp in unicode_ranges[subset]:
            if cp in cmap:
                advances[cp] = hmtx[cmap[cp]][0]
        if subset == "latin":
            head = font
            kerning = kern_pairs(data, cmap, unicode_ranges[subset])
    return {
        "upem": head["head"].unitsPerEm,
        "ascender": head["hhea"].ascent,
        "descender": head["hhea"].descent,
        "average": head["OS/2"].xAvgCharWidth,
        "advances": sorted(advances.items()),
        "kerning": sorted(kerning.items()),
    }


def render(package, version):
    out = [
        "//! Advance widths of the Inter font the default theme ships, for measuring map labels.",
        "//!",
        f"//! Generated by `scripts/gen-font-metrics.py` from @fontsource/inter {version}",
        "//! (SIL Open Font License 1.1). Do not edit by hand: regenerate it together with the font files.",
        "",
        "/// The CSS font family these metrics belong to.",
        'pub(crate) const FAMILY: &str = "Inter";',
        "",
        "/// The metrics of one weight of the font, in font units.",
        "pub(crate) struct FontMetrics {",
        "    /// Font units per em.",
        "    pub(crate) units_per_em: u16,",
        "    /// Ascender above the baseline (hhea).",
        "    pub(crate) ascender: i16,",
        "    /// Descender below the baseline, negative (hhea).",
        "    pub(crate) descender: i16,",
        "    /// Average advance width (OS/2 xAvgCharWidth), for characters the font lacks.",
        "    pub(crate) average: u16,",
        "    /// Advance widths of the code points U+0020..U+007E, indexed by code point minus 0x20.",
        "    pub(crate) ascii: [u16; 95],",
        "    /// (code point, advance width), sorted by code point.",
        "    pub(crate) advances: &'static [(u32, u16)],",
        "    /// ((first << 16) | second, kerning adjustment), sorted by key.",
        "    pub(crate) kerning: &'static [(u32, i16)],",
        "    /// The kerning of printable ASCII pairs as a dense table, `[(a - 0x20) * 95 + (b - 0x20)]`:",
        "    /// most labels are ASCII, and this is their hot path.",
        "    pub(crate) ascii_kerning: [i16; 95 * 95],",
        "}",
        "",
        "/// Spread the ASCII pairs of a sorted kerning list into a dense table, at compile time.",
        "const fn ascii_kerning(pairs: &[(u32, i16)]) -> [i16; 95 * 95] {",
        "    let mut table = [0; 95 * 95];",
        "    let mut i = 0;",
        "    while i < pairs.len() {",
        "        let (a, b) = (pairs[i].0 >> 16, pairs[i].0 & 0xFFFF);",
        "        if a >= 0x20 && a < 0x7F && b >= 0x20 && b < 0x7F {",
        "            table[((a - 0x20) * 95 + (b - 0x20)) as usize] = pairs[i].1;",
        "        }",
        "        i += 1;",
        "    }",
        "    table",
        "}",
        "",
    ]
    for weight, name in WEIGHTS.items():
        t = weight_table(package, weight)
        adv = dict(t["advances"])
        ascii_row = [adv.get(cp, t["average"]) for cp in range(0x20, 0x7F)]
        out += [
            f"/// Inter, weight {weight}.",
            f"pub(crate) static {name}: FontMetrics = FontMetrics {{",
            f"    units_per_em: {t['upem']},",
            f"    ascender: {t['ascender']},",
            f"    descender: {t['descender']},",
            f"    average: {t['average']},",
            f"    ascii: {name}_ASCII,",
            f"    advances: {name}_ADVANCES,",
            f"    kerning: {name}_KERNING,",
            f"    ascii_kerning: ascii_kerning({name}_KERNING),",
            "};",
            "",
            "#[rustfmt::skip]",
            f"const {name}_ASCII: [u16; 95] = [",
            rows(ascii_row, 16, lambda w: f"{w},"),
            "];",
            "",
            "#[rustfmt::skip]",
            f"static {name}_ADVANCES: &[(u32, u16)] = &[",
            rows(t["advances"], 8, lambda e: f"(0x{e[0]:04X}, {e[1]}),"),
            "];",
            "",
            "#[rustfmt::skip]",
            f"const {name}_KERNING: &[(u32, i16)] = &[",
            rows(t["kerning"], 6, lambda e: f"(0x{e[0][0]:04X}_{e[0][1]:04X}, {e[1]}),"),
            "];",
            "",
        ]
    out += [
        "/// East Asian Wide and Fullwidth code points (inclusive ranges), measured as 1em when the",
        f"/// font lacks them. From the Unicode {unicodedata.unidata_version} database.",
        "#[rustfmt::skip]",
        "pub(crate) static WIDE: &[(u32, u32)] = &[",
        rows(wide_ranges(), 6, lambda r: f"(0x{r[0]:04X}, 0x{r[1]:04X}),"),
        "];",
        "",
        "/// Nonspacing and enclosing marks and format characters (Mn, Me, Cf), inclusive ranges:",
        "/// zero width when the font lacks them (they combine with the character before).",
        "#[rustfmt::skip]",
        "pub(crate) static ZERO_WIDTH: &[(u32, u32)] = &[",
        rows(zero_width_ranges(), 6, lambda r: f"(0x{r[0]:04X}, 0x{r[1]:04X}),"),
        "];",
        "",
    ]
    return "\n".join(out)


def font_face_css(package):
    """@font-face rules for the copied files, one per subset and weight, with their unicode-range."""
    ranges = json.loads((package / "unicode.json").read_text())
    out = []
    # Where ranges overlap, the rule declared last is tried first: keep latin last.
    for weight in WEIGHTS:
        for subset in reversed(SUBSETS):
            out.append(
                "@font-face{font-family:Inter;font-style:normal;font-weight:%d;font-display:swap;"
                "src:url(fonts/inter-%s-%d-normal.woff2) format(\"woff2\");unicode-range:%s}\n"
                % (weight, subset, weight, ranges[subset])
            )
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="unpacked @fontsource/inter package folder")
    parser.add_argument("--rust", type=Path, help="where to write metrics.rs (default: stdout)")
    parser.add_argument("--fonts", type=Path, help="theme fonts folder to copy woff2 + LICENSE into")
    parser.add_argument(
        "--font-face", action="store_true", help="print the @font-face rules for mindmap.css"
    )
    args = parser.parse_args()
    if args.font_face:
        sys.stdout.write(font_face_css(args.package))
        return
    version = json.loads((args.package / "package.json").read_text())["version"]
    text = render(args.package, version)
    if args.rust:
        args.rust.write_text(text)
    else:
        sys.stdout.write(text)
    if args.fonts:
        args.fonts.mkdir(parents=True, exist_ok=True)
        for subset in SUBSETS:
            for weight in WEIGHTS:
                name = f"inter-{subset}-{weight}-normal.woff2"
                shutil.copyfile(args.package / "files" / name, args.fonts / name)
        shutil.copyfile(args.package / "LICENSE", args.fonts / "LICENSE")


if __name__ == "__main__":
    main()
