"""Attaching PDFs and images to a practice: checked by content, thumbnails built by a worker."""

import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from knowledge.models import Attachment, Practice
from knowledge.services import workflow
from knowledge.services.workflow import attachment_add, attachment_thumbnail_build
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (1200, 800), mode: str = "RGB") -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, "darkgreen").save(buffer, fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def form_data(theme, files: list) -> dict:
    return {
        "title": "Detector trials with ALIS",
        "summary": "What the trials showed.",
        "body": "Text",
        "kind": Practice.Kind.CASE_STUDY,
        "themes": [str(theme.pk)],
        "language": "en",
        "visibility": "public",
        "outcomes-TOTAL_FORMS": "0",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "20",
        "attachments": files,
        "action": "save",
    }


def draft_of(author) -> Practice:
    return PracticeFactory(author=author, status=Practice.Status.DRAFT, published_at=None)


@pytest.mark.django_db
def test_a_pdf_and_an_image_are_attached_with_the_new_practice(client):
    author = UserFactory()
    client.force_login(author)
    files = [upload("report.pdf", PDF), upload("field photo.jpg", image_bytes("JPEG"))]

    response = client.post(reverse("knowledge:practice-create"), form_data(ThemeFactory(), files))

    assert response.status_code == 302
    pdf, image = Attachment.objects.order_by("pk")
    assert (pdf.kind, pdf.title, pdf.size) == (Attachment.Kind.PDF, "report", len(PDF))
    assert pdf.thumbnail_status == Attachment.ThumbnailStatus.NONE
    assert pdf.file.name.endswith(".pdf")
    assert image.kind == Attachment.Kind.IMAGE
    assert image.thumbnail_status == Attachment.ThumbnailStatus.PENDING
    assert image.file.name.endswith("field-photo.jpg")
    assert image.uploaded_by == author


@pytest.mark.django_db
def test_a_png_that_is_really_text_is_refused_and_nothing_is_saved(client, media):
    client.force_login(UserFactory())
    files = [upload("map.png", b"this is not a picture, just some text")]

    response = client.post(reverse("knowledge:practice-create"), form_data(ThemeFactory(), files))

    assert response.status_code == 200
    assert "“map.png” is not a PDF document or a JPEG, PNG or WebP image" in (
        response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert not Practice.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.django_db
def test_an_oversized_pdf_is_refused_with_its_size_and_the_limit(client):
    client.force_login(UserFactory())
    big = PDF + b"0" * workflow.PDF_MAX_BYTES

    response = client.post(
        reverse("knowledge:practice-create"),
        form_data(ThemeFactory(), [upload("scan.pdf", big)]),
    )

    errors = response.context["form"].errors["attachments"]
    assert "a PDF document can be at most 20.0\xa0MB" in str(errors)
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_an_oversized_image_is_refused(monkeypatch):
    monkeypatch.setattr(workflow, "IMAGE_MAX_BYTES", 1000)
    practice = draft_of(author := UserFactory())

    with pytest.raises(workflow.ValidationError, match="an image can be at most"):
        attachment_add(practice=practice, user=author, file=upload("big.png", image_bytes()))
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_gif_is_refused_even_though_it_is_an_image():
    practice = draft_of(author := UserFactory())
    with pytest.raises(workflow.ValidationError, match="JPEG, PNG or WebP"):
        attachment_add(practice=practice, user=author, file=upload("a.gif", image_bytes("GIF")))


@pytest.mark.django_db
def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    practice = draft_of(author := UserFactory())
    bomb = image_bytes("PNG", size=(12000, 12000), mode="1")
    assert len(bomb) < 1_000_000

    with pytest.raises(workflow.ValidationError, match="too many pixels"):
        attachment_add(practice=practice, user=author, file=upload("bomb.png", bomb))


@pytest.mark.django_db
def test_the_stored_extension_comes_from_the_content_not_the_name():
    practice = draft_of(author := UserFactory())
    attachment = attachment_add(
        practice=practice, user=author, file=upload("page.html", image_bytes("PNG"))
    )
    assert attachment.file.name.endswith("page.png")


@pytest.mark.django_db
def test_only_people_who_may_edit_the_practice_can_attach():
    practice = draft_of(UserFactory())
    with pytest.raises(workflow.PermissionDenied):
        attachment_add(practice=practice, user=UserFactory(), file=upload("a.pdf", PDF))


@pytest.mark.django_db
def test_building_a_thumbnail_twice_builds_it_once():
    practice = draft_of(author := UserFactory())
    attachment = attachment_add(
        practice=practice, user=author, file=upload("photo.png", image_bytes())
    )

    assert attachment_thumbnail_build(attachment_id=attachment.pk) is True
    assert attachment_thumbnail_build(attachment_id=attachment.pk) is False

    attachment.refresh_from_db()
    assert attachment.thumbnail_status == Attachment.ThumbnailStatus.DONE
    with Image.open(attachment.thumbnail) as thumbnail:
        assert thumbnail.format == "WEBP"
        assert max(thumbnail.size) == 480


@pytest.mark.django_db
def test_a_file_that_cannot_be_decoded_is_marked_failed():
    practice = draft_of(UserFactory())
    attachment = Attachment(
        practice=practice,
        title="Broken",
        kind=Attachment.Kind.IMAGE,
        thumbnail_status=Attachment.ThumbnailStatus.PENDING,
    )
    attachment.file.save("broken.png", ContentFile(b"\x89PNG\r\n\x1a\n broken"), save=True)

    assert attachment_thumbnail_build(attachment_id=attachment.pk) is False

    attachment.refresh_from_db()
    assert attachment.thumbnail_status == Attachment.ThumbnailStatus.FAILED


@pytest.mark.django_db
def test_the_author_removes_an_attachment_from_the_edit_page(client):
    author = UserFactory()
    practice = draft_of(author)
    attachment = attachment_add(practice=practice, user=author, file=upload("a.pdf", PDF))
    client.force_login(author)

    page = client.get(reverse("knowledge:practice-edit", args=[practice.slug]))
    assert "a.pdf" in page.content.decode() or attachment.title in page.content.decode()
    response = client.post(
        reverse("knowledge:attachment-remove", args=[practice.slug, attachment.pk])
    )

    assert response.status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_stranger_cannot_remove_an_attachment(client):
    author = UserFactory()
    practice = PracticeFactory(author=author)
    attachment = attachment_add(practice=draft_of(author), user=author, file=upload("a.pdf", PDF))
    client.force_login(UserFactory())

    response = client.post(
        reverse("knowledge:attachment-remove", args=[practice.slug, attachment.pk])
    )

    assert response.status_code == 404
    assert Attachment.objects.exists()


def test_the_worker_builds_the_thumbnail_of_an_uploaded_image(celery_worker):
    practice = draft_of(author := UserFactory())
    with transaction.atomic():
        attachment = attachment_add(
            practice=practice,
            user=author,
            file=upload("minefield.jpg", image_bytes("JPEG", size=(2000, 1000))),
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        attachment.refresh_from_db()
        if attachment.thumbnail_status != Attachment.ThumbnailStatus.PENDING:
            break
        time.sleep(0.1)

    assert attachment.thumbnail_status == Attachment.ThumbnailStatus.DONE
    with Image.open(attachment.thumbnail) as thumbnail:
        assert thumbnail.size == (480, 240)


@pytest.mark.django_db(transaction=True)
def test_a_thumbnail_the_broker_lost_is_built_after_the_sweep(celery_worker):
    practice = draft_of(UserFactory())
    attachment = Attachment(
        practice=practice,
        title="Lost",
        kind=Attachment.Kind.IMAGE,
        thumbnail_status=Attachment.ThumbnailStatus.PENDING,
    )
    # Saved without going through attachment_add: no task was ever sent for it.
    attachment.file.save("lost.png", ContentFile(image_bytes()), save=True)
    Attachment.objects.filter(pk=attachment.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    assert workflow.attachment_thumbnails_requeue() == 1

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        attachment.refresh_from_db()
        if attachment.thumbnail_status != Attachment.ThumbnailStatus.PENDING:
            break
        time.sleep(0.1)
    assert attachment.thumbnail_status == Attachment.ThumbnailStatus.DONE


@pytest.mark.django_db
def test_the_sweep_leaves_recent_uploads_to_their_own_task():
    practice = draft_of(author := UserFactory())
    attachment_add(practice=practice, user=author, file=upload("new.png", image_bytes()))
    assert workflow.attachment_thumbnails_requeue() == 0
