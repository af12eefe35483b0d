from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platform_africa.models import RequestAttachment
from tests.platform_africa.factories import SupportRequestFactory, member

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a tiny test document\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _upload(client, request, name: str, content: bytes) -> object:
    return client.post(
        reverse("platform:attachment-add", args=[request.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_the_requester_attaches_a_pdf_that_members_download(client):
    request = SupportRequestFactory()
    client.force_login(member(request.organisation))
    _upload(client, request, "terms-of-reference.pdf", PDF)
    attachment = RequestAttachment.objects.get()
    assert attachment.name == "terms-of-reference.pdf"
    client.force_login(member())
    response = client.get(reverse("platform:attachment-download", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_a_file_that_is_not_what_its_name_says_is_refused_with_a_message(client):
    request = SupportRequestFactory()
    client.force_login(member(request.organisation))
    page = _upload(client, request, "report.pdf", b"MZ\x90\x00 not a pdf").content.decode()
    assert "not the kind its name says" in page
    page = _upload(client, request, "tool.exe", b"MZ").content.decode()
    assert "Attach a PDF, Word, Excel, JPEG or PNG file." in page
    assert not RequestAttachment.objects.exists()


def test_outsiders_neither_add_nor_download_documents(client):
    request = SupportRequestFactory()
    client.force_login(member(request.organisation))
    _upload(client, request, "plan.pdf", PDF)
    attachment = RequestAttachment.objects.get()
    client.force_login(member())
    assert _upload(client, request, "mine.pdf", PDF).status_code == 404
    client.logout()
    url = reverse("platform:attachment-download", args=[attachment.pk])
    assert client.get(url).status_code == 404
    assert RequestAttachment.objects.count() == 1
