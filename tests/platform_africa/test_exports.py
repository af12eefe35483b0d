from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from portal.exports import services
from portal.exports.models import ExportJob
from tests.exports.helpers import csv_lines, file_bytes, xlsx_rows
from tests.platform_africa.factories import OfferFactory, SupportRequestFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _build(owner: object, kind: str, fmt: str) -> ExportJob:
    job = services.export_request(owner=owner, kind=kind, fmt=fmt)
    services.export_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    return job


def test_the_requests_report_lists_requests_with_labels(secretariat):
    request = SupportRequestFactory(
        title="Detectors for SEMA", estimated_cost=Decimal("12000"), currency="USD", country="SO"
    )
    OfferFactory(request=request)
    header, row = csv_lines(_build(secretariat, "platform.requests", "csv"))
    assert header.startswith("Reference,Title,Organisation,Kind,Country,Status")
    assert f"{request.pk},Detectors for SEMA," in row
    assert "Somalia,Open,Medium,12000.00,USD" in row


def test_the_offers_report_comes_as_xlsx(secretariat):
    OfferFactory(description="Two trainers", amount=Decimal("5000"), currency="JPY")
    rows = xlsx_rows(_build(secretariat, "platform.offers", "xlsx"))
    assert rows[1][3] == "Two trainers" and rows[1][6] == "JPY"


def test_the_summary_is_a_pdf(secretariat):
    SupportRequestFactory(estimated_cost=Decimal("100"), currency="USD")
    assert file_bytes(_build(secretariat, "platform.summary", "pdf")).startswith(b"%PDF")


def test_members_cannot_export_the_platform_reports():
    with pytest.raises(PermissionDenied):
        services.export_request(owner=member(), kind="platform.requests", fmt="csv")
