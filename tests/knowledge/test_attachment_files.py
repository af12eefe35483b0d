import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from knowledge.models import Attachment, Practice
from tests.factories import UserFactory

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attach(practice: Practice) -> Attachment:
    attachment = Attachment(practice=practice, title="Survey form", kind="pdf", size=len(PDF))
    attachment.file.save("survey-form.pdf", ContentFile(PDF))
    return attachment


def file_url(attachment: Attachment) -> str:
    return reverse("knowledge:attachment-file", args=[attachment.practice.slug, attachment.pk])


def test_a_public_practice_file_is_served_to_anyone(client):
    attachment = attach(PracticeFactory())
    response = client.get(file_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "public" in response["Cache-Control"]


def test_a_members_only_practice_file_is_404_for_anonymous_and_served_to_members(client):
    attachment = attach(PracticeFactory(visibility=Practice.Visibility.MEMBERS))
    assert client.get(file_url(attachment)).status_code == 404
    client.force_login(UserFactory())
    response = client.get(file_url(attachment))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_draft_file_is_404_to_other_members(client):
    attachment = attach(PracticeFactory(status=Practice.Status.DRAFT, published_at=None))
    client.force_login(UserFactory())
    assert client.get(file_url(attachment)).status_code == 404


def test_uploaded_files_are_not_served_as_public_media(client):
    attachment = attach(PracticeFactory(visibility=Practice.Visibility.MEMBERS))
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_the_detail_page_links_files_through_the_checked_view(client):
    attachment = attach(PracticeFactory())
    content = client.get(attachment.practice.get_absolute_url()).content.decode()
    assert file_url(attachment) in content
