"""What members do with a practice: say they applied it, mark it useful, ask the author."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from knowledge.models import Application, Comment, Practice, UsefulMark
from portal.i18n import Phrase
from portal.notifications.services import notify

if TYPE_CHECKING:
    from portal.models import User


class AlreadyApplied(Exception):
    """This person already said they applied this practice in that country."""


@transaction.atomic
def application_record(
    *, practice: Practice, user: User, country: str, note: str = "", outcome: str = ""
) -> Application:
    """Record that `user` applied `practice` in `country`, once per country."""
    try:
        # A savepoint, so the caller's transaction survives the refused duplicate.
        with transaction.atomic():
            return Application.objects.create(
                practice=practice, user=user, country=country, note=note, outcome=outcome
            )
    except IntegrityError as error:
        raise AlreadyApplied from error


@transaction.atomic
def useful_toggle(*, practice: Practice, user: User) -> bool:
    """Mark or unmark a practice as useful; returns whether it is marked now.

    The count moves with an F() update in the same transaction as the mark, so concurrent
    toggles by different people never lose a count.
    """
    deleted, _deleted_by_model = UsefulMark.objects.filter(practice=practice, user=user).delete()
    if deleted:
        Practice.objects.filter(pk=practice.pk).update(
            useful_count=Greatest(F("useful_count") - 1, 0)
        )
        return False
    _mark, created = UsefulMark.objects.get_or_create(practice=practice, user=user)
    if created:
        Practice.objects.filter(pk=practice.pk).update(useful_count=F("useful_count") + 1)
    return True


@transaction.atomic
def comment_post(*, practice: Practice, author: User, body: str) -> Comment:
    """Add a question or answer; the practice's author and earlier participants are told."""
    comment = Comment.objects.create(practice=practice, author=author, body=body)
    participant_ids = set(
        Comment.objects.filter(practice=practice)
        .exclude(pk=comment.pk)
        .values_list("author_id", flat=True)
    )
    if practice.author_id:
        participant_ids.add(practice.author_id)
    participant_ids.discard(author.pk)
    if participant_ids:
        recipients = get_user_model().objects.filter(pk__in=participant_ids)
        notify(
            recipients,
            "knowledge.comment",
            title=Phrase(_("New message under “%(title)s”"), title=practice.title),
            body=body[:500],
            url=f"{practice.get_absolute_url()}#comment-{comment.pk}",
        )
    return comment
