"""Reports read in their reader's language: plurals by count, direction, localised dates."""

import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from portal.exports.kinds import organisations_summary
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def summary_html() -> str:
    document = organisations_summary({})
    return render_to_string(document.template, document.context)


def test_the_summary_counts_one_organisation_in_the_singular():
    OrganisationFactory(country="KH")
    with translation.override("en"):
        html = summary_html()
    assert "<strong>1</strong> organisation</div>" in html
    assert "<strong>1</strong> country</div>" in html
    assert "1 organisations" not in html


def test_the_summary_is_right_to_left_in_arabic():
    OrganisationFactory(country="IQ")
    with translation.override("ar"):
        html = summary_html()
    assert '<html lang="ar" dir="rtl">' in html
    assert '@bottom-right { content: "' in html, "the portal's name moves to the right"


def test_the_summary_pdf_draws_arabic_names_with_the_shipped_fonts():
    from pypdf import PdfReader

    from portal.exports.writers import write_pdf

    OrganisationFactory(country="IQ", name="المركز الوطني لمكافحة الألغام")
    document = organisations_summary({})
    target = io.BytesIO()
    with translation.override("ar"):
        write_pdf(target, document.template, document.context)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(target).pages
        for font in (page["/Resources"].get_object().get("/Font") or {}).values()
    }
    assert any("Portal" in name and "Arabic" in name for name in fonts), fonts
