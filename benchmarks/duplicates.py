"""Duplicate people at scale: the worker's full comparison, one new person, and the pages.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/duplicates.py               # 50,000 people
    DJANGO_DEBUG=1 .venv/bin/python benchmarks/duplicates.py --people 20000

A scratch database (`duplicates_benchmark_<pid>`) is made on the configured PostgreSQL server
(DATABASE_URL, else the embedded one), migrated, filled and dropped at the end, also when a
step fails. People get seed_scale's names (trainings/scale_names.py: a few hundred names per
naming tradition, so many namesakes, the hard case for the comparison); one in 25 is recorded
a second time written otherwise (word order, accents, an initial, a doubled letter, upper
case), with the same year of birth and organisation, nearly always. Then it times:

- person_pairs_refresh over everyone (what the worker does once after the migration);
- one person added through the service and compared (what the worker does after each write);
- the duplicates page cold (Django's cache emptied, first request of this page in the
  process), page 1 and page 40, and filtered by country, organisation and session;
- a person's page with its likely duplicates.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _admin_sql(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _variant(name: str, rng: random.Random) -> str:
    words = name.split()
    kind = rng.randrange(5)
    if kind == 0 and len(words) > 1:
        return " ".join(words[1:] + words[:1])
    if kind == 1:
        folded = unicodedata.normalize("NFKD", name)
        return "".join(ch for ch in folded if not unicodedata.combining(ch))
    if kind == 2 and len(words) > 1:
        return f"{words[0]} {rng.choice('ABCDEHKLMNPST')}. {' '.join(words[1:])}"
    if kind == 3:
        i = rng.randrange(1, len(name))
        return name[:i] + name[i] + name[i:] if name[i].isalpha() else name.upper()
    return name.upper()


def seed(people: int, rng: random.Random) -> None:
    from portal.models import Organisation
    from portal.scale import country, weighted
    from trainings import scale_names as names
    from trainings.models import Person, Programme, Session
    from trainings.names import name_key
    from trainings.scale import SEX

    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Mine action unit {n}", country=country(rng)) for n in range(600)
    )
    by_country: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        by_country.setdefault(str(organisation.country), []).append(organisation)
    rows = []
    while len(rows) < people:
        code = country(rng)
        male, female, family = names.NAMES[names.TRADITION.get(code, "english")]
        sex = weighted(rng, SEX)
        full_name = f"{rng.choice(female if sex == 'female' else male)} {rng.choice(family)}"
        local = by_country.get(code)
        fields = {
            "sex": sex,
            "birth_year": rng.randint(1958, 2003) if rng.random() < 0.9 else None,
            "nationality": code,
            "organisation": rng.choice(local) if local and rng.random() < 0.85 else None,
        }
        rows.append(Person(full_name=full_name, name_key=name_key(full_name), **fields))
        if rng.random() < 0.04:
            again = _variant(full_name, rng)
            rows.append(Person(full_name=again, name_key=name_key(again), **fields))
    Person.objects.bulk_create(rows[:people], batch_size=5000)
    host = organisations[0]
    programme = Programme.objects.create(name="Scale", slug="scale", host=host, year_start=2010)
    session = Session.objects.create(
        programme=programme,
        title="Benchmark session",
        start_date="2024-01-01",
        end_date="2024-01-05",
        host_country="KH",
    )
    from trainings.models import Enrolment

    ids = list(Person.objects.values_list("pk", flat=True))
    Enrolment.objects.bulk_create(
        Enrolment(person_id=pk, session=session) for pk in rng.sample(ids, 40)
    )
    from django.db import connection

    # As seed_scale does after loading; the pairs table is left as the worker fills it.
    with connection.cursor() as cursor:
        for table in ("trainings_person", "trainings_enrolment", "portal_organisation"):
            cursor.execute(f'ANALYZE "{table}"')


def _timed(label: str, action: object) -> object:
    start = time.perf_counter()
    result = action()
    print(f"{label}: {(time.perf_counter() - start) * 1000:,.0f} ms", flush=True)
    return result


def measure() -> None:
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from portal.models import User
    from portal.permissions import Role
    from trainings.models import Person, PersonPairCandidate, Session
    from trainings.services.people import person_pairs_refresh
    from trainings.services.records import person_create

    def refresh_all() -> int:
        compared = 0
        while count := person_pairs_refresh():
            compared += count
        return compared

    compared = _timed("Full comparison (worker, everyone)", refresh_all)
    print(
        f"  {compared:,} people compared, {PersonPairCandidate.objects.count():,} pairs kept",
        flush=True,
    )
    person_create(full_name="Sokha Chan", sex="male", birth_year=1980, nationality="KH")
    _timed("One new person compared (worker, after a write)", refresh_all)

    user = User.objects.create_user(email="bench-coordinator@example.org", password="x")  # noqa: S106
    user.groups.add(Group.objects.get_or_create(name=Role.TRAINING_COORDINATOR.value)[0])
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("trainings:duplicate-list")
    top = PersonPairCandidate.objects.select_related("person_low").first()
    session = Session.objects.get(title="Benchmark session")
    pages = [
        ("Duplicates page 1, cold", url),
        ("Duplicates page 1, again", url),
        ("Duplicates page 40", f"{url}?page=40"),
        ("Duplicates, one country (UA), page 1", f"{url}?country=UA"),
        ("Duplicates, one country (KH), page 20", f"{url}?country=KH&page=20"),
        ("Duplicates, one organisation", f"{url}?organisation={top.person_low.organisation_id}"),
        ("Duplicates, one session", f"{url}?session={session.pk}"),
        ("Person page with likely duplicates", top.person_low.get_absolute_url()),
    ]
    for label, page in pages:
        cache.clear()
        response = _timed(label, lambda page=page: client.get(page))
        assert response.status_code == 200, (page, response.status_code)
    print(f"  ({Person.objects.count():,} people)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    from portal import devservices

    started = devservices.up() if devservices.wanted() else []
    server_url = os.environ.get("DATABASE_URL") or devservices.database_url()
    database = f"duplicates_benchmark_{os.getpid()}"
    _admin_sql(server_url, f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = _with_database(server_url, database)
    try:
        import django
        from django.core.management import call_command

        django.setup()
        print(f"Scratch database {database}: migrating...", flush=True)
        call_command("migrate", verbosity=0)
        rng = random.Random(args.seed)
        _timed(f"Seeding {args.people:,} people", lambda: seed(args.people, rng))
        measure()
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin_sql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if started:
            devservices.down(started)


if __name__ == "__main__":
    main()
