"""Rebuild the PDF fonts of this folder from Debian's fonts-noto-core (see README.md).

    apt-get install fonts-noto-core
    .venv/bin/python static/fonts/subset.py

Each Noto font is cut down to the scripts the portal writes (pyftsubset, no hinting: PDFs do not
use it) and renamed "Portal ..." (a Modified Version under the OFL; "Noto" is a trademark).
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parent
DEBIAN_PACKAGE = "fonts-noto-core 20201225-1"

# Spaces, digits, joiners, bidi marks, the dotted circle shaping engines draw for lone marks.
COMMON = (
    "U+0020-007E,U+00A0,U+00AB,U+00BB,U+200B-200F,U+2010-2027,U+202A-202E,U+2030-205E,"
    "U+2060-206F,U+25CC,U+FEFF"
)
# Latin with Vietnamese (Latin Extended Additional), combining marks, Greek, Cyrillic,
# punctuation, currency, letterlike symbols (№), arrows and a few operators.
LATIN = (
    "U+0000-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1AB0-1AFF,U+1DC0-1DFF,"
    "U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,"
    "U+2212,U+2215,U+2219,U+221E,U+2248,U+2260,U+2264,U+2265,U+25A0-25FF,U+2C60-2C7F,"
    "U+2DE0-2DFF,U+A640-A69F,U+A720-A7FF,U+FB00-FB06,U+FEFF,U+FFFD"
)
ARABIC = COMMON + ",U+0600-06FF,U+0750-077F,U+0870-089F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF"
KHMER = COMMON + ",U+1780-17FF,U+19E0-19FF"
LAO = COMMON + ",U+0E80-0EFF"
# What Noto Sans lacks: arrows (→ in "before → after") and the minus sign (−65 %).
SYMBOLS = COMMON + ",U+2190-21FF,U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+27F0-27FF,U+2900-297F"

BOTH = ("Regular", "Bold")
FONTS = [
    ("NotoSans", "Portal Sans", LATIN, BOTH),
    ("NotoSerif", "Portal Serif", LATIN, BOTH),
    ("NotoSansArabic", "Portal Arabic", ARABIC, BOTH),
    ("NotoSansKhmer", "Portal Khmer", KHMER, BOTH),
    ("NotoSansLao", "Portal Lao", LAO, BOTH),
    ("NotoSansMath", "Portal Symbols", SYMBOLS, ("Regular",)),
]
PLATFORMS = ((3, 1, 0x409), (1, 0, 0))


def build(source: str, family: str, unicodes: str, style: str) -> Path:
    postscript = f"{family.replace(' ', '')}-{style}"
    target = TARGET / f"{postscript}.ttf"
    subset.main(
        [
            str(SOURCE / f"{source}-{style}.ttf"),
            f"--unicodes={unicodes}",
            "--layout-features=*",
            "--name-IDs=*",
            "--name-languages=*",
            "--notdef-outline",
            "--no-hinting",
            f"--output-file={target}",
        ]
    )
    # The same files on every run: the original's dates, not today's.
    font = TTFont(target, recalcTimestamp=False)
    font["head"].modified = TTFont(SOURCE / f"{source}-{style}.ttf")["head"].modified
    names = font["name"]
    original = names.getDebugName(4)
    version = names.getDebugName(5).split(";")[0]
    for name_id in (16, 17, 21, 22, 25):  # typographic and variation names: not needed
        names.removeNames(nameID=name_id)
    for platform, encoding, language in PLATFORMS:
        names.setName(family, 1, platform, encoding, language)
        names.setName(style, 2, platform, encoding, language)
        names.setName(f"{postscript};{version}", 3, platform, encoding, language)
        names.setName(f"{family} {style}", 4, platform, encoding, language)
        names.setName(postscript, 6, platform, encoding, language)
    names.setName(
        f"Subset of {original} ({version}) from Debian {DEBIAN_PACKAGE}, renamed for the "
        "Mine Action Knowledge Portal. SIL Open Font License 1.1.",
        10,
        3,
        1,
        0x409,
    )
    font.save(target)
    return target


if __name__ == "__main__":
    for source, family, unicodes, styles in FONTS:
        for style in styles:
            path = build(source, family, unicodes, style)
            print(f"{path.name}: {path.stat().st_size:,} bytes")
