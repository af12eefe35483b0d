"""Duplicates, merge and its undo, and anonymisation of people (personal data)."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trainings.models import Enrolment, ImportBatch, Person, PersonMerge

# Fields a coordinator may choose between when two records of one person are merged.
MERGE_FIELDS = [
    "full_name",
    "local_name",
    "sex",
    "birth_year",
    "age_band",
    "nationality",
    "organisation_id",
    "position",
    "email",
    "phone",
    "consent_to_contact",
]
PERSONAL_FIELDS = ["full_name", "local_name", "email", "phone", "position"]


def _fields(person: Person) -> dict[str, Any]:
    return {
        name: (str(getattr(person, name)) if name == "nationality" else getattr(person, name))
        for name in MERGE_FIELDS
    }


# Values that say "not known": a known value on the other record always wins over them.
BLANK_VALUES = ("", None, Person.Sex.NOT_RECORDED, Person.AgeBand.UNKNOWN)


def _blank(value: Any) -> bool:
    return value in BLANK_VALUES


def merge_conflicts(kept: Person, merged: Person) -> list[str]:
    """Fields whose values differ and are both filled in: the coordinator chooses."""
    a, b = _fields(kept), _fields(merged)
    return [n for n in MERGE_FIELDS if a[n] != b[n] and not _blank(a[n]) and not _blank(b[n])]


def _better(a: str, b: str) -> str:
    return a if Enrolment.STATUS_RANK[a] >= Enrolment.STATUS_RANK[b] else b


@transaction.atomic
def person_merge(
    *, kept: Person, merged: Person, choices: dict[str, str], user: Any
) -> PersonMerge:
    """Merge `merged` into `kept`: enrolments move, chosen values apply, merged is hidden.

    `choices` maps a field to "kept" or "merged"; empty fields of the kept record are filled
    from the merged one. When both were in one session, the kept enrolment gets the better
    status (and the merged record's scores where it had none); undo restores it.
    """
    people = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk])
    }
    kept, merged = people[kept.pk], people[merged.pk]
    if kept.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError(_("One of these records was already merged."))
    if kept.anonymised_at or merged.anonymised_at:
        raise ValidationError(_("Anonymised records cannot be merged."))

    kept_before, merged_fields = _fields(kept), _fields(merged)
    for name in MERGE_FIELDS:
        wanted = choices.get(name) == "merged" or _blank(kept_before[name])
        if wanted and not _blank(merged_fields[name]):
            setattr(kept, name, merged_fields[name])
    kept.save()

    kept_by_session = {
        e.session_id: e for e in Enrolment.objects.select_for_update().filter(person=kept)
    }
    moved, combined = [], []
    for enrolment in Enrolment.objects.select_for_update().filter(person=merged):
        other = kept_by_session.get(enrolment.session_id)
        if other is None:
            moved.append(enrolment.pk)
            continue
        combined.append(
            {
                "kept_enrolment_id": other.pk,
                "merged_enrolment_id": enrolment.pk,
                "status": other.status,
                "pre_score": str(other.pre_score) if other.pre_score is not None else None,
                "post_score": str(other.post_score) if other.post_score is not None else None,
                "merged_status": enrolment.status,
            }
        )
        other.status = _better(other.status, enrolment.status)
        other.pre_score = other.pre_score if other.pre_score is not None else enrolment.pre_score
        other.post_score = (
            other.post_score if other.post_score is not None else enrolment.post_score
        )
        other.save(update_fields=["status", "pre_score", "post_score", "updated_at"])
    Enrolment.objects.filter(pk__in=moved).update(person=kept, updated_at=timezone.now())
    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    return PersonMerge.objects.create(
        kept=kept,
        merged=merged,
        snapshot={
            "merged": merged_fields,
            "kept_before": kept_before,
            "combined_enrolments": combined,
        },
        moved_enrolment_ids=moved,
        merged_by=user,
    )


@transaction.atomic
def person_merge_undo(*, merge: PersonMerge, user: Any) -> PersonMerge:
    """Restore both records as they were and move back exactly the enrolments that moved."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise ValidationError(_("This merge was already undone."))
    kept = Person.objects.select_for_update().get(pk=merge.kept_id)
    merged = Person.objects.select_for_update().get(pk=merge.merged_id)
    if kept.merged_into_id:
        raise ValidationError(
            _("The kept record was merged again since: undo that later merge first.")
        )
    if kept.anonymised_at or merged.anonymised_at:
        raise ValidationError(_("An anonymised record cannot be restored."))
    for name, value in merge.snapshot["kept_before"].items():
        setattr(kept, name, value)
    kept.save()
    for name, value in merge.snapshot["merged"].items():
        setattr(merged, name, value)
    merged.merged_into = None
    merged.save()
    Enrolment.objects.filter(pk__in=merge.moved_enrolment_ids, person=kept).update(
        person=merged, updated_at=timezone.now()
    )
    for item in merge.snapshot.get("combined_enrolments", []):
        Enrolment.objects.filter(pk=item["kept_enrolment_id"]).update(
            status=item["status"],
            pre_score=item["pre_score"],
            post_score=item["post_score"],
            updated_at=timezone.now(),
        )
    merge.undone_at = timezone.now()
    merge.undone_by = user
    merge.save(update_fields=["undone_at", "undone_by"])
    return merge


def _scrub(person: Person, now: Any) -> None:
    # Stored in English; pages show Person.display_name, in their reader's language.
    with translation.override(None):
        person.full_name = _("Anonymised participant #%(pk)s") % {"pk": person.pk}
    person.local_name = person.email = person.phone = person.position = ""
    person.consent_to_contact = False
    person.anonymised_at = now
    person.save()


@transaction.atomic
def person_anonymise(*, person: Person) -> Person:
    """Erase name and contacts for good; keep sex, age band, nationality, organisation and
    enrolments so statistics do not change. Hidden duplicates merged into this person and the
    merge snapshots holding their details are erased too."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at:
        return person
    now = timezone.now()
    _scrub(person, now)
    duplicates = list(Person.objects.select_for_update().filter(merged_into=person))
    for duplicate in duplicates:
        _scrub(duplicate, now)
    for merge in (
        PersonMerge.objects.filter(kept=person)
        | PersonMerge.objects.filter(merged__merged_into=person)
        | PersonMerge.objects.filter(merged=person)
    ):
        for part in ("merged", "kept_before"):
            for name in PERSONAL_FIELDS:
                if name in merge.snapshot.get(part, {}):
                    merge.snapshot[part][name] = ""
        merge.save(update_fields=["snapshot"])
    erased = {person.pk, *(duplicate.pk for duplicate in duplicates)}
    for batch in ImportBatch.objects.filter(
        reduce(operator.or_, (Q(preview__contains=[{"person_id": pk}]) for pk in erased))
    ):
        for row in batch.preview:
            if row.get("person_id") in erased:
                row["name"] = person.full_name
        batch.save(update_fields=["preview"])
    # Certificates already built carry the old name: rebuild them with the anonymised one.
    from trainings.services.certificates import certificates_reissue_for_person

    certificates_reissue_for_person(person_id=person.pk)
    return person
