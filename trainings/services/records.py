"""Writes on programmes, sessions, people and enrolments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Organisation
from trainings.models import (
    Enrolment,
    Person,
    Programme,
    Session,
    age_band_for,
    age_band_from_birth_year,
)
from trainings.services.people import person_name_key_set, person_pairs_check_soon


@transaction.atomic
def programme_create(
    *,
    name: str,
    slug: str,
    host: Organisation,
    year_start: int,
    year_end: int | None = None,
    description: str = "",
    funders: list[Organisation] | None = None,
) -> Programme:
    programme = Programme(
        name=name,
        slug=slug,
        host=host,
        year_start=year_start,
        year_end=year_end,
        description=description,
    )
    programme.full_clean()
    programme.save()
    if funders:
        programme.funders.set(funders)
    return programme


@transaction.atomic
def session_create(*, programme: Programme, themes: list | None = None, **fields: Any) -> Session:
    session = Session(programme=programme, **fields)
    session.full_clean()
    session.save()
    if themes:
        session.themes.set(themes)
    return session


def person_age_band(*, birth_year: int | None, age: int | None, on: date | None = None) -> str:
    """The age band at the time of recording: from the birth year when given, else the age."""
    on = on or timezone.localdate()
    if birth_year is not None:
        return age_band_from_birth_year(birth_year, on=on)
    return age_band_for(age)


@transaction.atomic
def person_create(
    *,
    full_name: str,
    local_name: str = "",
    sex: str = Person.Sex.NOT_RECORDED,
    birth_year: int | None = None,
    age: int | None = None,
    nationality: str = "",
    organisation: Organisation | None = None,
    position: str = "",
    email: str = "",
    phone: str = "",
    consent_to_contact: bool = False,
) -> Person:
    person = Person(
        full_name=" ".join(full_name.split()),
        local_name=local_name.strip(),
        sex=sex,
        birth_year=birth_year,
        age_band=person_age_band(birth_year=birth_year, age=age),
        nationality=nationality,
        organisation=organisation,
        position=position,
        email=email.strip(),
        phone=phone,
        consent_to_contact=consent_to_contact,
    )
    person_name_key_set(person=person)
    person.full_clean()
    person.save()
    person_pairs_check_soon()
    return person


@transaction.atomic
def enrolment_create(
    *, person: Person, session: Session, status: str = Enrolment.Status.NOMINATED
) -> tuple[Enrolment, bool]:
    """Enrol a person once: a second call returns the existing enrolment (created=False)."""
    if person.merged_into_id is not None:
        raise ValidationError(_("This record was merged into another person."))
    return Enrolment.objects.get_or_create(
        person=person, session=session, defaults={"status": status}
    )


@dataclass
class EnrolmentChange:
    enrolment_id: int
    status: str
    pre_score: Decimal | None
    post_score: Decimal | None


@transaction.atomic
def enrolments_bulk_update(*, session: Session, changes: list[EnrolmentChange]) -> int:
    """Set status and scores of many enrolments of one session at once: all or nothing."""
    by_id = {
        e.pk: e
        for e in Enrolment.objects.select_for_update().filter(
            session=session, pk__in=[c.enrolment_id for c in changes]
        )
    }
    errors: dict[int, list[str]] = {}
    now = timezone.now()
    for change in changes:
        enrolment = by_id.get(change.enrolment_id)
        if enrolment is None:
            errors.setdefault(change.enrolment_id, []).append(
                _("This participant is not enrolled in this session.")
            )
            continue
        if change.status not in Enrolment.Status.values:
            errors.setdefault(change.enrolment_id, []).append(_("Unknown status."))
        for score in (change.pre_score, change.post_score):
            if score is not None and not (0 <= score <= 100):
                errors.setdefault(change.enrolment_id, []).append(
                    _("Scores are between 0 and 100.")
                )
        enrolment.status = change.status
        enrolment.pre_score = change.pre_score
        enrolment.post_score = change.post_score
        enrolment.updated_at = now
    if errors:
        raise ValidationError({str(k): v for k, v in errors.items()})
    updated = list(by_id.values())
    Enrolment.objects.bulk_update(updated, ["status", "pre_score", "post_score", "updated_at"])
    return len(updated)


@transaction.atomic
def enrolments_status_set(
    *, session: Session, status: str, enrolment_ids: list[int] | None = None
) -> int:
    """Give every participant of a session ("all attended", "all completed"), or those of
    `enrolment_ids`, one status: one statement however many. Returns how many it set."""
    if status not in Enrolment.Status.values:
        raise ValidationError(_("Unknown status."))
    enrolments = Enrolment.objects.filter(session=session, person__merged_into__isnull=True)
    if enrolment_ids is not None:
        if not enrolment_ids:
            raise ValidationError(_("Tick the participants to give this status to first."))
        enrolments = enrolments.filter(pk__in=enrolment_ids)
    return enrolments.update(status=status, updated_at=timezone.now())
