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
def _names(language: str) -> dict[str, str]:
    return {code: str(name) for code, name in countries}


def country_names() -> dict[str, str]:
    """Every country's name in the active language, by code. Do not change the dict."""
    return _names(get_language() or "")
