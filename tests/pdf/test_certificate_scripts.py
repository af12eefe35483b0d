"""A certificate carries the participant's name in its own script, drawn with the shipped fonts."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.pdf.fonts import NAMES, embedded_fonts, pdf_text, shipped_file, tofu, uncovered
from tests.trainings.test_certificates import issued_certificate
from trainings.services.certificates import certificate_context, render_certificate_pdf

pytestmark = pytest.mark.django_db

# The font each name is drawn with: the certificate writes names in its serif, and the serif's
# stack falls back to the shipped Arabic, Khmer and Lao fonts.
NAME_FONTS = {
    "cyrillic": "Portal-Serif",
    "arabic": "Portal-Arabic",
    "vietnamese": "Portal-Serif",
    "lao": "Portal-Lao",
    "khmer": "Portal-Khmer",
}


def certificate_pdf(name: str) -> bytes:
    certificate = issued_certificate(full_name=name)
    with certificate.file.open("rb") as file:
        return file.read()


@pytest.mark.parametrize("script", list(NAMES))
def test_the_certificate_has_the_name_in_its_text_and_a_shipped_font_for_each_letter(script):
    name = NAMES[script]

    pdf = certificate_pdf(name)
    fonts = embedded_fonts(pdf)

    assert name in pdf_text(pdf)
    assert fonts and all(font.startswith("Portal-") for font in fonts), fonts
    assert all(shipped_file(font).is_file() for font in fonts)
    assert NAME_FONTS[script] in fonts
    assert uncovered(name, fonts) == set()
    assert tofu(pdf) == {}


def test_an_arabic_certificate_is_written_right_to_left_with_the_shipped_fonts():
    certificate = issued_certificate(full_name=NAMES["arabic"])
    session = certificate.enrolment.session
    session.language = "ar"
    session.save(update_fields=["language"])

    with translation.override("ar"):
        html = render_to_string("trainings/pdf/certificate.html", certificate_context(certificate))
    pdf = render_certificate_pdf(certificate)

    assert '<html lang="ar" dir="rtl">' in html
    assert {"Portal-Arabic", "Portal-Sans"} <= embedded_fonts(pdf)
    assert all(font.startswith("Portal-") for font in embedded_fonts(pdf))
