"""seed_scale's training records: programmes, sessions, people and their enrolments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from knowledge import scale_vocabulary as words
from knowledge.models import Theme
from portal.scale import (
    END,
    Context,
    Step,
    chunks,
    copy_rows,
    country,
    day,
    moment,
    next_id,
    register_scale,
    weighted,
)
from trainings import scale_names as names
from trainings.models import Enrolment, Person, Programme, Session, age_band_from_birth_year
from trainings.services.imports import normalise_name

PROGRAMMES = 20
SEX = [("male", 66), ("female", 29), ("other", 1), ("not_recorded", 4)]
PAST = [
    ("completed", 65),
    ("attended", 15),
    ("withdrawn", 6),
    ("no_show", 6),
    ("confirmed", 4),
    ("nominated", 4),
]
RECENT = [("nominated", 40), ("confirmed", 40), ("withdrawn", 10), ("attended", 10)]


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("trainings")
    organisations = ctx.data["organisation_rows"]
    hosts = [o for o in organisations if o["kind"] in ("training_institute", "national_authority")]
    donors = [o["id"] for o in organisations if o["kind"] in ("donor", "un")] or [
        organisations[0]["id"]
    ]
    by_country: dict[str, list[int]] = {}
    for organisation in organisations:
        by_country.setdefault(organisation["country"], []).append(organisation["id"])
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))

    first_programme = next_id(Programme)
    programmes, funders = [], []
    for n in range(PROGRAMMES):
        host = rng.choice(hosts or organisations)
        term = words.TERMS[n % 40]
        name = rng.choice(names.PROGRAMMES).format(t=term)
        start = rng.randint(2010, 2018)
        programmes.append(
            {
                "id": first_programme + n,
                "name": f"{name} ({host['acronym'] or host['name'][:20]})",
                "slug": f"scale-{n + 1}-{slugify(name)[:80]}",
                "host_id": host["id"],
                "year_start": start,
                "year_end": None if rng.random() < 0.6 else rng.randint(start + 2, 2026),
                "description": f"A programme on {term} hosted by {host['name']}.",
                "created_at": datetime(start, 1, 15, tzinfo=UTC),
            }
        )
        for donor in rng.sample(donors, min(len(donors), rng.randint(1, 3))):
            funders.append({"programme_id": first_programme + n, "organisation_id": donor})

    first_session = next_id(Session)
    sessions, session_themes = [], []
    for n in range(ctx.sizes["sessions"]):
        programme = rng.choice(programmes)
        begin = datetime(programme["year_start"], 1, 1, tzinfo=UTC)
        last = (
            END
            if programme["year_end"] is None
            else datetime(programme["year_end"], 12, 31, tzinfo=UTC)
        )
        start = day(rng, begin, min(last, END))
        term = rng.choice(words.TERMS[:80])
        code = country(rng)
        sessions.append(
            {
                "id": first_session + n,
                "programme_id": programme["id"],
                "title": f"{term[0].upper() + term[1:]} – course {start.year}/{n + 1}",
                "start_date": start,
                "end_date": start + timedelta(days=rng.choice([2, 4, 5, 9, 12, 19])),
                "venue": rng.choice(names.VENUES),
                "host_country": code,
                "modality": rng.choice(["in_person"] * 6 + ["online", "site_visit", "workshop"]),
                "trainers": ", ".join(
                    f"{rng.choice(names.NAMES['english'][0])} "
                    f"{rng.choice(names.NAMES['english'][2])}"
                    for _ in range(rng.randint(1, 3))
                ),
                "capacity": rng.choice([None, 20, 25, 30, 40, 60]),
                "language": rng.choice(["en"] * 8 + ["fr", "es", "pt", "km", "uk"]),
                "created_at": datetime.combine(
                    start - timedelta(days=rng.randint(10, 90)), datetime.min.time(), tzinfo=UTC
                ),
            }
        )
        for theme in rng.sample(themes, min(len(themes), rng.randint(1, 2))):
            session_themes.append({"session_id": first_session + n, "theme_id": theme})

    first_person = next_id(Person)
    people = []
    for n in range(ctx.sizes["people"]):
        code = country(rng)
        male, female, family = names.NAMES[names.TRADITION.get(code, "english")]
        sex = weighted(rng, SEX)
        given = rng.choice(female if sex == "female" else male)
        full_name = normalise_name(f"{given} {rng.choice(family)}")
        created = moment(rng)
        birth_year = rng.randint(1958, 2003) if rng.random() < 0.9 else None
        local = by_country.get(code)
        people.append(
            {
                "id": first_person + n,
                "full_name": full_name,
                "sex": sex,
                "birth_year": birth_year,
                "age_band": age_band_from_birth_year(birth_year, on=created.date()),
                "nationality": code,
                "organisation_id": rng.choice(local) if local and rng.random() < 0.85 else None,
                "position": rng.choice(names.POSITIONS),
                "email": f"{slugify(full_name)}.{n + 1}@people.scale.example"
                if rng.random() < 0.4
                else "",
                "phone": f"+{rng.randint(20, 998)} {rng.randint(100000, 999999)}"
                if rng.random() < 0.3
                else "",
                "consent_to_contact": rng.random() < 0.5,
                "created_at": created,
                "updated_at": created,
            }
        )

    person_ids = [row["id"] for row in people]
    recent = date(2026, 3, 1)
    enrolments: list[dict[str, Any]] = []
    counts = chunks(ctx.sizes["enrolments"], len(sessions), rng, spread=0.5)
    # No session enrols more people than there are: the overflow goes to sessions with room.
    overflow = sum(max(0, count - len(people)) for count in counts)
    counts = [min(count, len(people)) for count in counts]
    for index, count in enumerate(counts):
        room = min(overflow, len(people) - count)
        counts[index] += room
        overflow -= room
    for session, count in zip(sessions, counts, strict=True):
        chosen = rng.sample(person_ids, count)
        weights = PAST if session["end_date"] < recent else RECENT
        enrolled = datetime.combine(session["start_date"], datetime.min.time(), tzinfo=UTC)
        for person_id in chosen:
            status = weighted(rng, weights)
            scored = status in ("completed", "attended") and rng.random() < 0.7
            pre = rng.randint(15, 75) if scored else None
            enrolments.append(
                {
                    "person_id": person_id,
                    "session_id": session["id"],
                    "status": status,
                    "pre_score": Decimal(pre) if scored else None,
                    "post_score": Decimal(min(100, pre + rng.randint(0, 35))) if scored else None,
                    "feedback_rating": rng.choice([3, 4, 4, 5, 5, 2])
                    if status == "completed" and rng.random() < 0.6
                    else None,
                    "created_at": enrolled - timedelta(days=rng.randint(5, 60)),
                    "updated_at": enrolled + timedelta(days=14),
                }
            )
    first_enrolment = next_id(Enrolment)
    for index, row in enumerate(enrolments):
        row["id"] = first_enrolment + index
    result = {}
    for model, rows, label in [
        (Programme, programmes, "programmes"),
        (Programme.funders.through, funders, None),
        (Session, sessions, "sessions"),
        (Session.themes.through, session_themes, None),
        (Person, people, "people"),
        (Enrolment, enrolments, "enrolments"),
    ]:
        if "id" not in (rows[0] if rows else {"id": 0}):
            start = next_id(model)
            for index, row in enumerate(rows):
                row["id"] = start + index
        written = copy_rows(model, rows)
        if label:
            result[label] = written
    return result


register_scale(
    Step(
        "trainings",
        order=30,
        run=generate,
        models=(
            Programme,
            Programme.funders.through,
            Session,
            Session.themes.through,
            Person,
            Enrolment,
        ),
    )
)
