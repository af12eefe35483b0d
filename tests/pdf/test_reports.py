"""Donor reports and export PDFs are drawn with the shipped fonts only."""

import pytest

from portal.exports import services
from tests.exports.helpers import file_bytes
from tests.pdf.fonts import embedded_fonts, tofu
from tests.trainings.report_factories import coordinator
from tests.trainings.test_reports import build, records

pytestmark = pytest.mark.django_db


def test_the_donor_report_embeds_only_the_shipped_fonts():
    programme, _session = records()
    job = services.export_request(
        owner=coordinator(),
        kind="trainings.donor_report",
        fmt="pdf",
        parameters={"programme": str(programme.pk), "year_from": "2020", "year_to": "2025"},
    )

    pdf = file_bytes(build(job))
    fonts = embedded_fonts(pdf)

    assert "Portal-Sans" in fonts
    assert all(font.startswith("Portal-") for font in fonts), fonts
    assert tofu(pdf) == {}
