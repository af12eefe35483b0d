"""The practice PDF in Arabic: right to left, drawn with the shipped Arabic font."""

import pytest
import weasyprint
from django.urls import reverse

from tests.knowledge.factories import OutcomeFactory, PracticeFactory
from tests.pdf.fonts import embedded_fonts, pdf_text, tofu, uncovered

pytestmark = pytest.mark.django_db

TITLE = "إزالة الألغام في القرى"
SUMMARY = "فرق محلية تعمل مع السكان على تحديد المناطق الخطرة."


@pytest.fixture
def rendered_html(monkeypatch) -> list[str]:
    """The HTML documents handed to WeasyPrint, which still writes the PDF."""
    documents: list[str] = []
    real = weasyprint.HTML

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        documents.append(kwargs.get("string", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    return documents


def test_an_arabic_reader_gets_a_right_to_left_practice_pdf_in_the_shipped_fonts(
    client, rendered_html
):
    practice = PracticeFactory(title=TITLE, summary=SUMMARY, language="ar")
    # "20 → 7 أيام" and a fall of "−65%": signs Noto Sans does not draw.
    OutcomeFactory(practice=practice, indicator="أيام لكل مسح", baseline=20, result=7, unit="أيام")

    response = client.get(
        reverse("knowledge:practice-pdf", args=[practice.slug]), HTTP_ACCEPT_LANGUAGE="ar"
    )

    assert response.status_code == 200
    ((html,),) = [rendered_html]
    assert '<html lang="ar" dir="rtl">' in html
    pdf = response.content
    fonts = embedded_fonts(pdf)
    assert "Portal-Arabic" in fonts
    assert all(font.startswith("Portal-") for font in fonts), fonts
    assert TITLE in " ".join(pdf_text(pdf).split())
    assert uncovered(TITLE + SUMMARY, fonts) == set()
    assert tofu(pdf) == {}
