"""Unknown organisations in a participant list: map each spelling to an organisation on the
site, or add it, then check the file again.

One unknown spelling used to block the whole file until it was corrected by hand. Now the
preview lists each distinct spelling once (however many rows use it); the coordinator's choices
are applied together in one transaction (new organisations through portal's service, each
spelling remembered as an alias so the next file is matched without asking), and the batch is
checked again: the rows that only lacked their organisation become valid.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from portal.models import Organisation
from portal.organisations.selectors import (
    organisation_suggestions,
    organisations_listed,
    spelling_key,
)
from portal.organisations.services import organisation_alias_set, organisation_create
from trainings.models import ImportBatch
from trainings.services.imports import import_batch_recheck


@dataclass
class UnknownOrganisation:
    spelling: str  # as the first row using it wrote it
    rows: int = 0
    countries: Counter[str] = field(default_factory=Counter)  # its participants' nationalities

    @property
    def country(self) -> str:
        """The likely country of a new organisation: the one most of its participants are from."""
        common = self.countries.most_common(1)
        return common[0][0] if common else ""


def unknown_organisations(batch: ImportBatch) -> list[UnknownOrganisation]:
    """The batch's unknown organisation spellings, in the order the file first uses them, one
    per spelling whatever its case or accents. Read from the stored preview: no query."""
    countries = {row.get("row"): row.get("country") for row in batch.preview or []}
    found: dict[str, UnknownOrganisation] = {}
    for error in batch.errors or []:
        spelling = error.get("spelling")
        if error.get("code") != "unknown_organisation" or not spelling:
            continue
        unknown = found.setdefault(spelling_key(spelling), UnknownOrganisation(spelling=spelling))
        unknown.rows += 1
        if countries.get(error.get("row")):
            unknown.countries[countries[error["row"]]] += 1
    return list(found.values())


@dataclass
class OrganisationChoices:
    """What the preview offers: the unknown spellings, the organisations suggested for each
    (best first), and every organisation for the select (None when there are too many)."""

    unknown: list[UnknownOrganisation]
    suggestions: dict[str, list[Organisation]]
    listed: list[Organisation] | None


def organisation_choices(batch: ImportBatch, *, listed_at_most: int) -> OrganisationChoices | None:
    """The choices for the batch's unknown organisations; None when it has none. Two or three
    queries however many spellings and rows."""
    unknown = unknown_organisations(batch)
    if not unknown:
        return None
    listed = organisations_listed(at_most=listed_at_most)
    suggested_ids = organisation_suggestions([u.spelling for u in unknown])
    if listed is not None:
        by_id = {o.pk: o for o in listed}
    else:
        by_id = Organisation.objects.in_bulk({i for ids in suggested_ids.values() for i in ids})
    suggestions = {
        spelling: [by_id[i] for i in ids if i in by_id] for spelling, ids in suggested_ids.items()
    }
    return OrganisationChoices(unknown=unknown, suggestions=suggestions, listed=listed)


@dataclass(frozen=True)
class OrganisationChoice:
    """What one spelling is: an organisation on the site (organisation_id, or its name or
    acronym typed as organisation_name), or a new one (new_*)."""

    spelling: str
    organisation_id: int | None = None
    organisation_name: str = ""
    new_name: str = ""
    new_acronym: str = ""
    new_kind: str = ""
    new_country: str = ""


@transaction.atomic
def import_batch_organisations_apply(
    *, batch: ImportBatch, choices: list[OrganisationChoice], user: Any
) -> ImportBatch:
    """Apply the choices for a previewed batch's unknown organisations, all or none, and check
    the file again. Raises ValidationError (nothing written) for a spelling the batch does not
    have, an organisation that is not on the site, or a new organisation that cannot be added."""
    batch = ImportBatch.objects.select_for_update().select_related("session").get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ValidationError(_("This import is being saved or was saved: it cannot be changed."))
    if not choices:
        raise ValidationError(_("Choose what at least one unknown organisation is."))
    unknown = {spelling_key(u.spelling) for u in unknown_organisations(batch)}
    chosen: set[str] = set()
    for choice in choices:
        key = spelling_key(choice.spelling)
        if key not in unknown or key in chosen:
            raise ValidationError(
                _("“%(spelling)s” is not an unknown organisation of this file: reload the page.")
                % {"spelling": choice.spelling[:80]}
            )
        chosen.add(key)
    ids = {c.organisation_id for c in choices if c.organisation_id is not None}
    existing = Organisation.objects.in_bulk(ids)
    typed = _organisations_named({c.organisation_name for c in choices if c.organisation_name})
    for choice in choices:
        if choice.organisation_name:
            organisation = typed.get(choice.organisation_name.lower())
            if organisation is None:
                raise ValidationError(
                    _("No organisation on the site is named “%(name)s”: check its spelling.")
                    % {"name": choice.organisation_name[:80]}
                )
        elif choice.organisation_id is None:
            organisation = organisation_create(
                name=choice.new_name,
                acronym=choice.new_acronym,
                kind=choice.new_kind,
                country=choice.new_country,
            )
        elif choice.organisation_id in existing:
            organisation = existing[choice.organisation_id]
        else:
            raise ValidationError(
                _("The organisation chosen for “%(spelling)s” is not on the site: choose another.")
                % {"spelling": choice.spelling[:80]}
            )
        organisation_alias_set(spelling=choice.spelling, organisation=organisation, user=user)
    return import_batch_recheck(batch=batch)


def _organisations_named(names: set[str]) -> dict[str, Organisation]:
    """Organisations by lower-cased name or acronym, for the names typed in: one query."""
    lowered = {n.lower() for n in names}
    if not lowered:
        return {}
    found: dict[str, Organisation] = {}
    rows = Organisation.objects.annotate(lname=Lower("name"), lacronym=Lower("acronym")).filter(
        Q(lname__in=lowered) | Q(lacronym__in=lowered)
    )
    for organisation in rows.order_by("name"):
        found.setdefault(organisation.lname, organisation)
        if organisation.lacronym:
            found.setdefault(organisation.lacronym, organisation)
    return found
