"""Writes about organisations: adding one, and remembering another spelling of one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Organisation, OrganisationAlias
from portal.organisations.selectors import spelling_key


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, acronym: str = "", country: str = "", website: str = ""
) -> Organisation:
    """A new organisation; refused when the name is taken (whatever its case)."""
    name = " ".join((name or "").split())
    organisation = Organisation(
        name=name, acronym=(acronym or "").strip(), kind=kind, country=country, website=website
    )
    organisation.full_clean(validate_constraints=False)
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            _("An organisation named “%(name)s” is already on the site: choose it instead.")
            % {"name": name}
        )
    organisation.save()
    return organisation


@transaction.atomic
def organisation_alias_set(
    *, spelling: str, organisation: Organisation, user: Any = None
) -> OrganisationAlias | None:
    """Remember that `spelling` means `organisation` (a later choice for the same spelling
    replaces it). None when the spelling folds to nothing."""
    key = spelling_key(spelling)
    if not key:
        return None
    alias, _created = OrganisationAlias.objects.update_or_create(
        spelling=key, defaults={"organisation": organisation, "created_by": user}
    )
    return alias


@transaction.atomic
def organisation_aliases_delete(*, alias_ids: list[int]) -> int:
    """Forget spellings mapped by mistake: the next file that uses them asks again."""
    return OrganisationAlias.objects.filter(pk__in=alias_ids).delete()[0]
