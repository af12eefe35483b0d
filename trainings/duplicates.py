"""How alike two people's records are: a score out of 100 and the evidence, for and against.

The name is most of it (up to 60 points: trainings.names says when two names are one);
the rest is what a coordinator would check before merging: the same email or phone, year of
birth, sex, organisation and nationality. Evidence against counts more than evidence for:
two "Nguyen Van An" born ten years apart are two people, however alike their names.
Pairs scoring SUGGEST or more are suggested; the figures were set on
tests/trainings/data/name_pairs.csv (recall and precision printed by its test).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from trainings.names import NameMatch, is_latin, key_parts, name_blocks, names_match, plain

SUGGEST = 60

NAME_POINTS = 60
POINTS = {
    # Enough to suggest two records with one email whatever their names (a shared office
    # mailbox is held back by a different year of birth or sex).
    "same_email": 55,
    "same_phone": 30,
    "same_birth_year": 15,
    "near_birth_year": 0,
    "different_birth_year": -35,
    "same_sex": 5,
    "different_sex": -40,
    "same_organisation": 10,
    "same_nationality": 8,
    "different_nationality": -20,
}
KNOWN_SEXES = ("female", "male")
IDENTIFYING = frozenset({"same_email", "same_phone", "same_birth_year"})


@dataclass(frozen=True)
class PersonFacts:
    """What the comparison reads of a Person (one row of a values_list)."""

    pk: int
    full_name: str
    name_key: str
    sex: str
    birth_year: int | None
    nationality: str
    organisation_id: int | None
    email: str
    phone: str

    @property
    def contact_blocks(self) -> set[str]:
        blocks = set()
        if self.email:
            blocks.add("@" + self.email.strip().lower())
        digits = phone_digits(self.phone)
        if digits:
            blocks.add("#" + digits)
        return blocks

    def blocks(self) -> set[str]:
        return _blocks(self.name_key) | self.contact_blocks


def phone_digits(phone: str) -> str:
    """The last nine digits of a phone number (the same line with or without +855 or 0)."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 7 else ""


@lru_cache(maxsize=200_000)
def _blocks(key: str) -> frozenset[str]:
    return frozenset(name_blocks(key_parts(key))) if key else frozenset()


@lru_cache(maxsize=500_000)
def _match(key_a: str, key_b: str) -> NameMatch | None:
    if not key_a or not key_b:
        return None
    return names_match(key_parts(key_a), key_parts(key_b))


def _name_reason(a: PersonFacts, b: PersonFacts, match: NameMatch) -> tuple[str, float]:
    if match.partial:
        return "names_partial", 50 * match.similarity
    if not match.exact:
        return "names_spelling", NAME_POINTS * match.similarity * 0.92
    if plain(a.full_name) == plain(b.full_name):
        return "names_same", NAME_POINTS
    if is_latin(a.full_name) != is_latin(b.full_name):
        return "names_transliterated", NAME_POINTS - 2
    return "names_folded", NAME_POINTS - 2


def pair_score(a: PersonFacts, b: PersonFacts) -> tuple[int, list[str]]:
    """The score (0-100) and the reasons, strongest first; ("names_differ") when only an email
    or a phone number brings the two together."""
    reasons: list[str] = []
    points = 0.0
    match = _match(a.name_key, b.name_key)
    if match is not None:
        reason, name_points = _name_reason(a, b, match)
        reasons.append(reason)
        points += name_points
    if a.email and a.email.strip().lower() == b.email.strip().lower():
        reasons.append("same_email")
    if phone_digits(a.phone) and phone_digits(a.phone) == phone_digits(b.phone):
        reasons.append("same_phone")
    if match is None and not reasons:
        return 0, []
    if match is None:
        reasons.append("names_differ")
    if a.birth_year and b.birth_year:
        gap = abs(a.birth_year - b.birth_year)
        reasons.append(
            "same_birth_year"
            if gap == 0
            else "near_birth_year"
            if gap == 1
            else "different_birth_year"
        )
    if a.sex in KNOWN_SEXES and b.sex in KNOWN_SEXES:
        reasons.append("same_sex" if a.sex == b.sex else "different_sex")
    if a.organisation_id and a.organisation_id == b.organisation_id:
        reasons.append("same_organisation")
    if a.nationality and b.nationality:
        reasons.append(
            "same_nationality" if a.nationality == b.nationality else "different_nationality"
        )
    points += sum(POINTS.get(reason, 0) for reason in reasons)
    score = max(0, min(100, round(points)))
    if "names_partial" in reasons and not IDENTIFYING.intersection(reasons):
        # A missing middle name or an initial fits many people of one unit ("Hussein Ali" and
        # "Hussein Ali Omar"): suggested only with something that points at one person.
        score = min(score, SUGGEST - 1)
    # For first, then against: the page reads "names match, same birth year; different sex".
    reasons.sort(key=lambda reason: POINTS.get(reason, 1) < 0)
    return score, reasons
