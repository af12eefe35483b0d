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

from portal.dispatch import send_on_commit
from trainings.duplicates import SUGGEST, PersonFacts, pair_score
from trainings.models import (
    Enrolment,
    ImportBatch,
    Person,
    PersonMerge,
    PersonPairCandidate,
    PersonPairDecision,
)
from trainings.names import name_key

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
    person_name_key_set(person=kept)
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
    _pairs_forget(merged.pk)
    person_pairs_check_soon()
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
    person_name_key_set(person=kept)
    kept.save()
    for name, value in merge.snapshot["merged"].items():
        setattr(merged, name, value)
    merged.merged_into = None
    person_name_key_set(person=merged)
    merged.save()
    person_pairs_check_soon()
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
    person.local_name = person.email = person.phone = person.position = person.name_key = ""
    person.consent_to_contact = False
    person.anonymised_at = now
    person.save()
    _pairs_forget(person.pk)


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


def person_name_key_set(*, person: Person) -> None:
    """Set the name key from the full name and ask for the record to be compared again (the
    caller saves): every service that writes full_name or the evidence calls this."""
    person.name_key = name_key(person.full_name)
    person.pairs_checked_at = None


def person_pairs_check_soon() -> None:
    """After the commit, compare new and changed people with everyone. The rows themselves
    (pairs_checked_at empty) are the durable intent: a lost task is made up by the sweep."""
    from trainings.tasks import person_pairs_refresh_task

    send_on_commit(person_pairs_refresh_task)


def _pairs_forget(pk: int) -> None:
    """A merged or erased record is no one's duplicate any more."""
    PersonPairCandidate.objects.filter(Q(person_low_id=pk) | Q(person_high_id=pk)).delete()


PAIR_BATCH = 5000
FACT_FIELDS = [
    "pk",
    "full_name",
    "name_key",
    "sex",
    "birth_year",
    "nationality",
    "organisation_id",
    "email",
    "phone",
]


def person_pairs_refresh(*, limit: int = PAIR_BATCH) -> int:
    """Compare up to `limit` new or changed people with every active person and keep the pairs
    that score enough; returns how many people were compared (0: nothing left to do).

    Safe to run twice at once: each run claims its people (SKIP LOCKED), and a pair is scored
    from both records as they are now, whichever run writes it. The name keys of the claimed
    rows are recomputed too, so a record written around the services is still found.

    Each run reads every active person's key and facts (one query) and pairs people through
    shared blocks in memory: benchmarks/duplicates.py measured 58 s for 50,000 new people at
    once (seed_scale's few hundred names per country make large blocks) and 0.8 s for one new
    person, nearly all of it reading the 50,000 rows."""
    with transaction.atomic():
        claimed = list(
            Person.objects.filter(pairs_checked_at__isnull=True)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", "full_name", "name_key", "merged_into_id", "anonymised_at")[:limit]
        )
        if not claimed:
            return 0
        stale = [
            Person(pk=pk, name_key=name_key(full_name))
            for pk, full_name, key, merged, anonymised in claimed
            if not merged and not anonymised and key != name_key(full_name)
        ]
        Person.objects.bulk_update(stale, ["name_key"], batch_size=2000)
        claimed_ids = {row[0] for row in claimed}
        everyone = [
            PersonFacts(*row)
            for row in Person.objects.active()
            .filter(anonymised_at__isnull=True)
            .values_list(*FACT_FIELDS)
            .iterator(chunk_size=5000)
        ]
        pairs = _pairs_of(everyone, claimed_ids)
        PersonPairCandidate.objects.filter(
            Q(person_low_id__in=claimed_ids) | Q(person_high_id__in=claimed_ids)
        ).delete()
        PersonPairCandidate.objects.bulk_create(pairs, batch_size=2000, ignore_conflicts=True)
        Person.objects.filter(pk__in=claimed_ids).update(pairs_checked_at=timezone.now())
    return len(claimed)


def _pairs_of(everyone: list[PersonFacts], claimed: set[int]) -> list[PersonPairCandidate]:
    """The pairs with at least one claimed person, found through shared blocks."""
    by_block: dict[str, list[PersonFacts]] = {}
    for facts in everyone:
        for block in facts.blocks():
            by_block.setdefault(block, []).append(facts)
    decided = set(
        PersonPairDecision.objects.filter(
            Q(person_low_id__in=claimed) | Q(person_high_id__in=claimed)
        ).values_list("person_low_id", "person_high_id")
    )
    seen: set[tuple[int, int]] = set()
    pairs = []
    for facts in everyone:
        if facts.pk not in claimed:
            continue
        for block in facts.blocks():
            for other in by_block[block]:
                key = (min(facts.pk, other.pk), max(facts.pk, other.pk))
                if other.pk == facts.pk or key in seen or key in decided:
                    continue
                seen.add(key)
                score, reasons = pair_score(facts, other)
                if score >= SUGGEST:
                    pairs.append(
                        PersonPairCandidate(
                            person_low_id=key[0],
                            person_high_id=key[1],
                            score=score,
                            reasons=reasons,
                        )
                    )
    return pairs


@transaction.atomic
def person_pair_reject(*, first: Person, second: Person, user: Any) -> PersonPairDecision:
    """Record that two records are not the same person: the pair is never suggested again."""
    if first.pk == second.pk:
        raise ValidationError(_("A record cannot be compared with itself."))
    low, high = sorted([first.pk, second.pk])
    decision, _created = PersonPairDecision.objects.get_or_create(
        person_low_id=low, person_high_id=high, defaults={"decided_by": user}
    )
    PersonPairCandidate.objects.filter(person_low_id=low, person_high_id=high).delete()
    return decision
