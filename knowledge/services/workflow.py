"""Writing and reviewing practices: draft → in review → published → archived.

Every function here is one transaction. Each checks the same permission rules the views check,
so no path (a view, the admin, a script) can publish a practice its author reviewed.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from PIL import Image, ImageOps, UnidentifiedImageError

# The permission rules these services check live there; importing it registers them.
from knowledge import permissions  # noqa: F401
from knowledge.markdown import render
from knowledge.models import Attachment, Outcome, Practice, Review, Theme
from portal.dispatch import send, send_on_commit
from portal.i18n import Phrase
from portal.notifications.services import notify
from portal.permissions import Role, is_editor

if TYPE_CHECKING:
    from portal.models import Organisation, User

Status = Practice.Status

# Fixed paths under /practices/: a practice called "New" must not become /practices/new/.
RESERVED_SLUGS = frozenset(
    {
        "new", "mine", "review", "following", "follow", "pack", "feed", "search", "edit",
        "export", "exports", "api", "admin", "themes", "countries", "submit", "revisions",
    }
)  # fmt: skip
SLUG_MAX_LENGTH = 100

PDF_MAX_BYTES = 20 * 1024 * 1024
IMAGE_MAX_BYTES = 10 * 1024 * 1024
# Pillow format name → the extension the stored file gets, whatever the upload was called.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A 40-megapixel photo is plenty; beyond that, decoding could exhaust a worker's memory.
Image.MAX_IMAGE_PIXELS = 40_000_000
THUMBNAIL_SIZE = (480, 480)
THUMBNAIL_REQUEUE_AFTER = timedelta(seconds=45)
THUMBNAIL_REQUEUE_BATCH = 500

IMAS_REFERENCE = re.compile(r"^IMAS\s*(\d{2})\.(\d{2})(?:\.(\d{1,2}))?$", re.IGNORECASE)
YEAR_MIN = 1945


@dataclass(frozen=True)
class OutcomeData:
    indicator: str
    baseline: Decimal
    result: Decimal
    unit: str = ""


@dataclass(frozen=True)
class PracticeContent:
    """What an author writes: everything about a practice except its workflow state."""

    title: str
    summary: str
    body: str
    kind: str
    themes: Sequence[Theme]
    countries: Sequence[str] = ()
    organisations: Sequence[Organisation] = ()
    year_start: int | None = None
    year_end: int | None = None
    language: str = "en"
    hdp_pillars: Sequence[str] = ()
    imas_references: Sequence[str] = ()
    visibility: str = Practice.Visibility.PUBLIC
    translation_of: Practice | None = None
    outcomes: Sequence[OutcomeData] = field(default_factory=tuple)


def imas_reference_normalise(value: str) -> str:
    """'imas 8.10' is refused, 'imas08.10' becomes 'IMAS 08.10'."""
    match = IMAS_REFERENCE.match(value.strip())
    if not match:
        raise ValidationError(
            _("“%(value)s” is not an IMAS reference. Write it like IMAS 08.10."),
            params={"value": value.strip()},
            code="imas_reference",
        )
    parts = [part for part in match.groups() if part]
    return "IMAS " + ".".join(parts)


def practice_content_check(content: PracticeContent, *, practice: Practice | None = None) -> None:
    """Raise a ValidationError naming every field that is wrong (the form checks them too)."""
    errors: dict[str, list[ValidationError]] = {}

    def error(name: str, message: str, **params: object) -> None:
        errors.setdefault(name, []).append(ValidationError(message, params=params or None))

    if not content.title.strip():
        error("title", _("Give the practice a title."))
    if not content.summary.strip():
        error("summary", _("Write a short summary."))
    if not content.body.strip():
        error("body", _("Write the text of the practice."))
    if content.kind not in Practice.Kind.values:
        error("kind", _("Choose what kind of practice this is."))
    if not content.themes:
        error("themes", _("Choose at least one theme."))
    unknown = [code for code in content.countries if code not in countries]
    if unknown:
        error(
            "countries",
            ngettext_lazy(
                "Unknown country code: %(codes)s.",
                "Unknown country codes: %(codes)s.",
                len(unknown),
            ),
            codes=", ".join(unknown),
        )
    this_year = timezone.now().year
    for name in ("year_start", "year_end"):
        year = getattr(content, name)
        if year is not None and not YEAR_MIN <= year <= this_year + 1:
            error(
                name, _("Give a year between %(min)s and %(max)s."), min=YEAR_MIN, max=this_year + 1
            )
    if content.year_start and content.year_end and content.year_end < content.year_start:
        error("year_end", _("The end year cannot be before the start year."))
    if content.language not in dict(Practice._meta.get_field("language").choices):
        error("language", _("Choose a language from the list."))
    if any(pillar not in Practice.Pillar.values for pillar in content.hdp_pillars):
        error("hdp_pillars", _("Choose pillars from the list."))
    for reference in content.imas_references:
        try:
            imas_reference_normalise(reference)
        except ValidationError as exc:
            errors.setdefault("imas_references", []).append(exc)
    if content.visibility not in Practice.Visibility.values:
        error("visibility", _("Choose who can read the practice."))
    original = content.translation_of
    if original is not None:
        if practice is not None and original.pk == practice.pk:
            error("translation_of", _("A practice cannot be a translation of itself."))
        elif original.status != Status.PUBLISHED:
            error("translation_of", _("A translation must point to a published practice."))
    for outcome in content.outcomes:
        if not outcome.indicator.strip():
            error("outcomes", _("Every outcome needs an indicator."))
    if errors:
        raise ValidationError(errors)


def practice_slug_for(title: str) -> str:
    """A free slug from the title: 'land-release', then 'land-release-2', never a reserved word."""
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "practice"
    taken = (
        set(Practice.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        | RESERVED_SLUGS
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = f"{base[: SLUG_MAX_LENGTH - len(suffix)].rstrip('-')}{suffix}"
    return candidate


def _apply_content(practice: Practice, content: PracticeContent) -> None:
    practice.title = content.title.strip()
    practice.summary = content.summary.strip()
    practice.body = content.body
    practice.body_html = render(content.body)
    practice.kind = content.kind
    practice.countries = list(dict.fromkeys(content.countries))
    practice.year_start = content.year_start
    practice.year_end = content.year_end
    practice.language = content.language
    practice.hdp_pillars = list(dict.fromkeys(content.hdp_pillars))
    practice.imas_references = list(
        dict.fromkeys(imas_reference_normalise(ref) for ref in content.imas_references)
    )
    practice.visibility = content.visibility
    practice.translation_of = content.translation_of
    practice.has_outcomes = bool(content.outcomes)


def _save_relations(practice: Practice, content: PracticeContent) -> None:
    """Themes, organisations and outcomes, then one revision with all of them in it.

    Setting themes would record a revision per change; the history is skipped until everything
    is in place, then one save records the whole new state.
    """
    practice.skip_history_when_saving = True
    try:
        practice.themes.set(content.themes)
        practice.organisations.set(content.organisations)
    finally:
        del practice.skip_history_when_saving
    practice.outcomes.all().delete()
    Outcome.objects.bulk_create(
        Outcome(
            practice=practice,
            indicator=outcome.indicator.strip(),
            baseline=outcome.baseline,
            result=outcome.result,
            unit=outcome.unit.strip(),
            position=position,
        )
        for position, outcome in enumerate(content.outcomes)
    )


@transaction.atomic
def practice_create(*, author: User, content: PracticeContent) -> Practice:
    """A new draft by `author`."""
    if not author.has_perm("knowledge.add_practice"):
        raise PermissionDenied(gettext("Sign in to write a practice."))
    practice_content_check(content)
    practice = Practice(author=author, status=Status.DRAFT)
    _apply_content(practice, content)
    practice._history_user = author
    practice.skip_history_when_saving = True
    # Two people may save "Land release" at the same moment: the unique slug decides.
    for attempt in range(3):
        practice.slug = practice_slug_for(practice.title)
        try:
            with transaction.atomic():
                practice.save()
            break
        except IntegrityError:
            if attempt == 2:
                raise
    del practice.skip_history_when_saving
    _save_relations(practice, content)
    practice.save(update_fields=["updated_at"])
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, user: User, content: PracticeContent) -> Practice:
    """Save new content; the status does not change. The slug stays, so links keep working."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not user.has_perm("knowledge.change_practice", practice):
        raise PermissionDenied(gettext("You cannot edit this practice."))
    practice_content_check(content, practice=practice)
    _apply_content(practice, content)
    practice._history_user = user
    _save_relations(practice, content)
    practice.save()
    return practice


def _editors() -> list[User]:
    return list(
        get_user_model().objects.filter(groups__name=Role.EDITOR.value, is_active=True).distinct()
    )


@transaction.atomic
def practice_submit(*, practice: Practice, user: User) -> Practice:
    """The author asks the editors to review a draft."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.author_id != user.pk:
        raise PermissionDenied(gettext("Only the author can submit a practice for review."))
    if practice.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted for review; this practice is %(status)s."),
            params={"status": practice.get_status_display().lower()},
            code="status",
        )
    practice.status = Status.IN_REVIEW
    practice.submitted_at = timezone.now()
    practice._history_user = user
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    editors = [editor for editor in _editors() if editor.pk != user.pk]
    notify(
        editors,
        "knowledge.review_requested",
        title=Phrase(_("“%(title)s” is waiting for review"), title=practice.title),
        body=practice.summary,
        url=reverse("knowledge:practice-review", args=[practice.slug]),
    )
    return practice


def _check_reviewable(practice: Practice, reviewer: User) -> None:
    if practice.author_id == reviewer.pk:
        raise PermissionDenied(gettext("You cannot review your own practice."))
    if not reviewer.has_perm("knowledge.review_practice", practice):
        raise PermissionDenied(gettext("Only editors can review practices."))
    if practice.status != Status.IN_REVIEW:
        raise ValidationError(
            _("This practice is not waiting for review; it is %(status)s."),
            params={"status": practice.get_status_display().lower()},
            code="status",
        )


@transaction.atomic
def practice_approve(*, practice: Practice, reviewer: User, comment: str = "") -> Practice:
    """Publish a practice in review, tell its author, and tell the people who follow it."""
    from knowledge.services.follow import followers_notify

    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _check_reviewable(practice, reviewer)
    practice.status = Status.PUBLISHED
    practice.published_at = timezone.now()
    practice._history_user = reviewer
    practice.save(update_fields=["status", "published_at", "updated_at"])
    Review.objects.create(
        practice=practice,
        reviewer=reviewer,
        decision=Review.Decision.APPROVED,
        comment=comment.strip(),
    )
    if practice.author is not None:
        notify(
            [practice.author],
            "knowledge.reviewed",
            title=Phrase(_("“%(title)s” is published"), title=practice.title),
            body=comment.strip(),
            url=practice.get_absolute_url(),
        )
    followers_notify(practice=practice)
    return practice


@transaction.atomic
def practice_request_changes(*, practice: Practice, reviewer: User, comment: str) -> Practice:
    """Send a practice back to its author as a draft, with the editor's comment by email."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _check_reviewable(practice, reviewer)
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Tell the author what to change.")}, code="comment_required"
        )
    practice.status = Status.DRAFT
    practice._history_user = reviewer
    practice.save(update_fields=["status", "updated_at"])
    Review.objects.create(
        practice=practice,
        reviewer=reviewer,
        decision=Review.Decision.CHANGES_REQUESTED,
        comment=comment.strip(),
    )
    if practice.author is not None:
        notify(
            [practice.author],
            "knowledge.reviewed",
            title=Phrase(_("Changes requested for “%(title)s”"), title=practice.title),
            body=comment.strip(),
            url=reverse("knowledge:practice-edit", args=[practice.slug]),
        )
    return practice


@transaction.atomic
def practice_archive(*, practice: Practice, user: User) -> Practice:
    """Take a practice off the site; it stays in the database with its history."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not is_editor(user):
        raise PermissionDenied(gettext("Only editors can archive practices."))
    if practice.status == Status.ARCHIVED:
        raise ValidationError(_("This practice is already archived."), code="status")
    practice.status = Status.ARCHIVED
    practice._history_user = user
    practice.save(update_fields=["status", "updated_at"])
    return practice


def attachment_check(file: UploadedFile) -> tuple[str, str]:
    """(kind, extension) judged by the file's content, or a ValidationError saying why not.

    The name a browser sends proves nothing: a PDF starts with "%PDF-", and an image must open
    in Pillow as JPEG, PNG or WebP.
    """
    name = PurePath(file.name or "").name
    size = file.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), params={"name": name}, code="empty")
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        if size > PDF_MAX_BYTES:
            raise ValidationError(
                _("“%(name)s” is %(size)s; a PDF document can be at most %(max)s."),
                params={
                    "name": name,
                    "size": filesizeformat(size),
                    "max": filesizeformat(PDF_MAX_BYTES),
                },
                code="too_large",
            )
        return Attachment.Kind.PDF, "pdf"
    if size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; an image can be at most %(max)s."),
            params={
                "name": name,
                "size": filesizeformat(size),
                "max": filesizeformat(IMAGE_MAX_BYTES),
            },
            code="too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            ngettext_lazy(
                "“%(name)s” has too many pixels. Resize it below %(megapixels)s megapixel.",
                "“%(name)s” has too many pixels. Resize it below %(megapixels)s megapixels.",
                Image.MAX_IMAGE_PIXELS // 1_000_000,
            ),
            params={"name": name, "megapixels": Image.MAX_IMAGE_PIXELS // 1_000_000},
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    finally:
        file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF document or a JPEG, PNG or WebP image. "
                "Only those can be attached."
            ),
            params={"name": name},
            code="file_type",
        )
    return Attachment.Kind.IMAGE, IMAGE_FORMATS[image_format]


def _stored_name(title: str, original: str, extension: str) -> str:
    # The extension comes from the content, so a PDF called page.html is never served as HTML.
    stem = slugify(PurePath(original).stem)[:60] or slugify(title)[:60] or "attachment"
    return f"{stem}.{extension}"


@transaction.atomic
def attachment_add(
    *, practice: Practice, user: User, file: UploadedFile, title: str = ""
) -> Attachment:
    """Attach a PDF or an image; an image's thumbnail is built by a worker afterwards."""
    from knowledge.tasks import build_attachment_thumbnail

    if not user.has_perm("knowledge.change_practice", practice):
        raise PermissionDenied(gettext("You cannot add files to this practice."))
    kind, extension = attachment_check(file)
    title = (title or PurePath(file.name or "").stem).strip()[:200] or gettext("Attachment")
    attachment = Attachment(
        practice=practice,
        title=title,
        kind=kind,
        size=file.size,
        uploaded_by=user,
        thumbnail_status=(
            Attachment.ThumbnailStatus.PENDING
            if kind == Attachment.Kind.IMAGE
            else Attachment.ThumbnailStatus.NONE
        ),
    )
    attachment.file.save(_stored_name(title, file.name or "", extension), file, save=False)
    attachment.save()
    if kind == Attachment.Kind.IMAGE:
        # The upload is saved even if the broker is down; the periodic sweep
        # (attachment_thumbnails_requeue) hands the thumbnail to a worker later.
        send_on_commit(build_attachment_thumbnail, attachment.pk)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user: User) -> None:
    if not user.has_perm("knowledge.change_practice", attachment.practice):
        raise PermissionDenied(gettext("You cannot remove files from this practice."))
    files = [attachment.file.name, attachment.thumbnail.name]
    storage = attachment.file.storage
    attachment.delete()
    # Files go only once the row is surely gone.
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name], robust=True)


@transaction.atomic
def attachment_thumbnail_build(*, attachment_id: int) -> bool:
    """Build a pending image thumbnail. True when this call built it; safe to run twice.

    The row is locked while the thumbnail is made, and a second run skips it or finds it done.
    """
    attachment = (
        Attachment.objects.select_for_update(skip_locked=True)
        .filter(pk=attachment_id, thumbnail_status=Attachment.ThumbnailStatus.PENDING)
        .first()
    )
    if attachment is None:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            buffer = _thumbnail_of(attachment)
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        # A file that cannot be decoded will not decode next time either.
        attachment.thumbnail_status = Attachment.ThumbnailStatus.FAILED
        attachment.save(update_fields=["thumbnail_status"])
        return False
    attachment.thumbnail.save(f"{attachment.pk}.webp", ContentFile(buffer.getvalue()), save=False)
    attachment.thumbnail_status = Attachment.ThumbnailStatus.DONE
    attachment.save(update_fields=["thumbnail", "thumbnail_status"])
    return True


def _thumbnail_of(attachment: Attachment) -> BytesIO:
    with attachment.file.open("rb") as source, Image.open(source) as original:
        if original.format not in IMAGE_FORMATS:
            raise ValueError(original.format)
        image = ImageOps.exif_transpose(original)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        buffer = BytesIO()
        image.save(buffer, "WEBP", quality=80)
    return buffer


def attachment_thumbnails_requeue(*, older_than: timedelta = THUMBNAIL_REQUEUE_AFTER) -> int:
    """Hand thumbnails still pending after a while to a worker again (the broker may have lost
    them). Building is idempotent, so a thumbnail sent twice is still built once."""
    from knowledge.tasks import build_attachment_thumbnail

    waiting = list(
        Attachment.objects.filter(
            thumbnail_status=Attachment.ThumbnailStatus.PENDING,
            created_at__lt=timezone.now() - older_than,
        ).values_list("pk", flat=True)[:THUMBNAIL_REQUEUE_BATCH]
    )
    for attachment_id in waiting:
        send(build_attachment_thumbnail, attachment_id)
    return len(waiting)
