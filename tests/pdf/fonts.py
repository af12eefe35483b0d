"""What a PDF is written with: its embedded fonts, its text, and what the shipped fonts cover."""

import io
import re
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"

# The names of people the portal writes on certificates, one per script it must draw.
NAMES = {
    "cyrillic": "Олена Шевченко",
    "arabic": "محمد الجبوري",
    "vietnamese": "Nguyễn Văn An",
    "lao": "ສົມພອນ ພົມມະວົງ",
    "khmer": "សុខ ចាន់",
}


def _fonts_of(resources: DictionaryObject, found: dict[str, DictionaryObject]) -> None:
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        found[str(font["/BaseFont"]).lstrip("/")] = font
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            _fonts_of(xobject["/Resources"], found)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts the PDF draws with (subset prefix removed); each one must be embedded."""
    found: dict[str, DictionaryObject] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        if "/Resources" in page:
            _fonts_of(page["/Resources"], found)
    names = set()
    for base_font, font in found.items():
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor else {}
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
            f"{base_font} is not embedded"
        )
        names.add(base_font.split("+", 1)[-1])
    return names


def drawn_characters(pdf: bytes) -> dict[str, set[str]]:
    """The characters each embedded font draws, read from its ToUnicode map."""
    found: dict[str, DictionaryObject] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        if "/Resources" in page:
            _fonts_of(page["/Resources"], found)
    drawn: dict[str, set[str]] = {}
    for base_font, font in found.items():
        cmap_text = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        characters = drawn.setdefault(base_font.split("+", 1)[-1], set())
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap_text, re.DOTALL):
            for target in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block):
                text = bytes.fromhex(target).decode("utf-16-be")
                characters.update(char for char in text if char != "\uffff")
    return drawn


def tofu(pdf: bytes) -> dict[str, set[str]]:
    """Characters a font draws that its own file has no glyph for: empty boxes on the page."""
    missing = {}
    for font, characters in drawn_characters(pdf).items():
        lacking = {char for char in characters if ord(char) not in cmap(shipped_file(font))}
        if lacking:
            missing[font] = lacking
    return missing


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def shipped_file(embedded_name: str) -> Path:
    """The file in static/fonts/ an embedded font comes from: "Portal-Sans-Bold" is
    PortalSans-Bold.ttf (a slanted face, or a bold one with no bold file, is drawn from the
    regular one)."""
    name = embedded_name.removesuffix("-Oblique").removesuffix("-Italic")
    family = name.removesuffix("-Bold").replace("-", "")
    bold = FONTS_DIR / f"{family}-Bold.ttf"
    return (
        bold if name.endswith("-Bold") and bold.is_file() else FONTS_DIR / f"{family}-Regular.ttf"
    )


@cache
def cmap(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path)["cmap"].getBestCmap())


def uncovered(text: str, font_names: set[str]) -> set[str]:
    """The characters of the text (spaces aside) that none of these shipped fonts can draw."""
    covered = set().union(*(cmap(shipped_file(name)) for name in font_names))
    return {char for char in text if not char.isspace() and ord(char) not in covered}
