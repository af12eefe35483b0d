"""Every PDF template is written with the shipped fonts, none with fonts a machine may lack."""

from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PDF_TEMPLATES = sorted(
    [
        *TEMPLATES.glob("*/pdf/*.html"),
        TEMPLATES / "knowledge" / "practice_pdf.html",
        TEMPLATES / "knowledge" / "pack_pdf.html",
    ]
)


def test_the_pdf_templates_are_found():
    assert len(PDF_TEMPLATES) >= 6


@pytest.mark.parametrize("path", PDF_TEMPLATES, ids=lambda path: path.name)
def test_a_pdf_template_declares_the_shipped_fonts_and_names_no_other(path):
    source = path.read_text()

    assert '{% include "includes/pdf_fonts.css" %}' in source
    assert "DejaVu" not in source
    assert 'dir="{% if LANGUAGE_BIDI %}rtl{% else %}ltr{% endif %}"' in source
