"""PDFs load the fonts the project ships and nothing else: no remote URL, no other local file."""

import pytest
from weasyprint import HTML

from portal.exports.writers import pdf_url_fetcher
from tests.pdf.fonts import FONTS_DIR, embedded_fonts


def test_the_fetcher_serves_a_shipped_font():
    response = pdf_url_fetcher("portal-font:PortalLao-Bold.ttf")

    assert response.read() == (FONTS_DIR / "PortalLao-Bold.ttf").read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "portal-font:../../portal/settings.py",
        "portal-font:%2E%2E/%2E%2E/portal/settings.py",
        "portal-font:/etc/passwd",
        "portal-font:README.md",
        "portal-font:subset.py",
        "portal-font:missing.ttf",
        f"file://{FONTS_DIR / 'PortalSans-Regular.ttf'}",
        "file:///etc/passwd",
        "https://fonts.example.org/PortalSans-Regular.ttf",
        "data:font/ttf;base64,AAAA",
    ],
)
def test_the_fetcher_refuses_anything_else(url):
    with pytest.raises(ValueError, match="not allowed"):
        pdf_url_fetcher(url)


def test_a_font_named_by_its_path_is_not_loaded():
    path = FONTS_DIR / "PortalLao-Regular.ttf"
    html = (
        f'<html><head><style>@font-face {{ font-family: "Lao"; src: url("file://{path}"); }}'
        'p { font-family: "Lao"; }</style></head><body><p>ສົມພອນ</p></body></html>'
    )

    pdf = HTML(string=html, url_fetcher=pdf_url_fetcher).write_pdf()

    assert "Portal-Lao" not in embedded_fonts(pdf)
