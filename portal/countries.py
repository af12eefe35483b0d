"""Country names for many codes at once.

django-countries translates a name on every lookup (tens of microseconds each): a page or a
report that names hundreds of countries reads them from this dict instead, built once per
language for the life of the process.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language
from django_countries import countries


@lru_cache(maxsize=32)
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name)) for code, name in countries)


@lru_cache(maxsize=32)
def _names(language: str) -> dict[str, str]:
    return dict(_choices(language))


def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country in the active language, in django-countries' order."""
    return _choices(get_language() or "")


def country_names() -> dict[str, str]:
    """Every country's name in the active language, by code. Do not change the dict."""
    return _names(get_language() or "")
