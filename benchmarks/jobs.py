"""The steps of `make bench` that run inside Django, each in a fresh process started by bench.py.

    python benchmarks/jobs.py STEP [ARGS]   (DJANGO_SETTINGS_MODULE=benchmarks.settings)

Every step prints its figures as one JSON line, last. Memory figures are the process's own peak
RSS (getrusage ru_maxrss), so a step that measures memory must be the only thing its process
does: bench.py starts one process per export.

Steps: plan, queries, export, peer-export, import-file, import, peer-import, fanout.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DEMO_DOMAIN = "demo.mineaction.org"
PARTICIPANTS_KIND = "trainings.participants"

# Spread over the kinds of search people type: common words, rare words, phrases in quotes,
# misspellings, several words.
SEARCH_QUERIES = [
    # common words
    "clearance", "survey", "land release", "risk education", "victim assistance",
    "mechanical demining", "quality management", "explosive ordnance disposal",
    # rare words
    "ALIS", "swing-type", "magnetometers", "prosthetics", "riverbank", "rat detection",
    # phrases in quotes
    '"land release"', '"mine detection dogs"', '"information management"',
    '"handover of released land"',
    # misspellings
    "clearence", "demning", "detecter", "survy", "prostetics", "magnetometr",
    # several words
    "community liaison women teams", "cost-efficiency of mechanical clearance",
    "strategic plan update national authority", "battle area clearance Ukraine machines",
    "non-technical survey Cambodia Colombia", "drone-based survey hazardous area mapping",
]  # fmt: skip


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()


def _user(local: str) -> Any:
    from portal.models import User

    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


# plan --------------------------------------------------------------------------------------


def step_plan(out: str) -> dict:
    """What the load scenarios ask for, drawn from the data before the run starts."""
    from django.db.models import Count

    from knowledge.models import Practice
    from platform_africa.models import Kind, SupportRequest
    from portal.models import Organisation
    from trainings.models import Enrolment

    public = Practice.objects.visible_to(None)
    rng = random.Random(1)
    slugs = list(public.order_by("?").values_list("slug", flat=True)[:500])
    pairs = set()
    for countries, theme in (
        public.exclude(countries=[])
        .filter(themes__isnull=False)
        .order_by("?")
        .values_list("countries", "themes__slug")[:400]
    ):
        pairs.add((rng.choice(countries), theme))
    board = [
        {"status": status, "kind": kind, "country": country}
        for status, kind, country in SupportRequest.objects.filter(
            status__in=["open", "in_progress"]
        )
        .values_list("status", "kind", "country")
        .distinct()
        .order_by("status", "kind", "country")[:60]
    ] or [{"status": "open", "kind": Kind.KNOWLEDGE, "country": ""}]
    years = dict(
        Enrolment.objects.values_list("session__start_date__year")
        .annotate(n=Count("pk"))
        .order_by("session__start_date__year")
    )
    organisations = [
        name
        for name, n in Organisation.objects.values_list("name")
        .annotate(n=Count("pk"))
        .order_by("name")
        if n == 1
    ]
    plan = {
        "queries": SEARCH_QUERIES,
        "slugs": slugs,
        "list_filters": [{"country": c, "theme": t} for c, t in sorted(pairs)],
        "board_filters": board,
        "people_pages": max(
            1, min(20, Enrolment.objects.values("person").distinct().count() // 50)
        ),
        "half_year": _half_year(years),
        "organisations": organisations[:300],
        "password": os.environ.get("DEMO_PASSWORD", "mine-action-demo"),
        "domain": DEMO_DOMAIN,
    }
    Path(out).write_text(json.dumps(plan, indent=1))
    return {
        "counts": _counts(),
        "slugs": len(slugs),
        "list_filters": len(plan["list_filters"]),
        "board_filters": len(board),
        "half_year": plan["half_year"],
    }


def _counts() -> dict[str, int]:
    from knowledge.models import Practice
    from platform_africa.models import Offer, SupportRequest
    from portal.models import Organisation, User
    from portal.notifications.models import Notification
    from trainings.models import Enrolment, Person, Session

    models = {
        "practices": Practice,
        "organisations": Organisation,
        "people": Person,
        "sessions": Session,
        "enrolments": Enrolment,
        "requests": SupportRequest,
        "offers": Offer,
        "notifications": Notification,
        "users": User,
    }
    return {name: model.objects.count() for name, model in models.items()}


def _half_year(enrolments_by_year: dict[int, int]) -> int | None:
    """The last start year that keeps the export nearest half the enrolments (year_to filter)."""
    total, running, best = sum(enrolments_by_year.values()), 0, None
    for year, count in sorted(enrolments_by_year.items()):
        running += count
        if best is None or abs(running - total / 2) < abs(best[1] - total / 2):
            best = (year, running)
    return best[0] if best else None


# queries per request -----------------------------------------------------------------------


def step_queries(urls_path: str) -> dict:
    """Queries of one request per scenario, after a first request that warms the caches."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, spec in json.loads(Path(urls_path).read_text()).items():
        client = Client(HTTP_HOST="127.0.0.1")
        if spec["account"]:
            client.force_login(_user(spec["account"]))
        client.get(spec["url"])
        with CaptureQueriesContext(connection) as context:
            response = client.get(spec["url"])
        counts[name] = {"queries": len(context), "status": response.status_code}
    return counts


# exports -----------------------------------------------------------------------------------


def _export_parameters(half: bool, plan_path: str) -> dict:
    if not half:
        return {}
    year = json.loads(Path(plan_path).read_text())["half_year"]
    return {"year_to": year} if year else {}


def step_export(fmt: str, plan_path: str, half: bool) -> dict:
    from benchmarks.export_memory import export_measure

    figures = export_measure(
        owner_email=f"coordinator@{DEMO_DOMAIN}",
        kind=PARTICIPANTS_KIND,
        fmt=fmt,
        parameters=_export_parameters(half, plan_path),
    )
    return {**figures, "rows_per_s": figures["rows"] / figures["seconds"]}


def step_peer_export(fmt: str, plan_path: str, half: bool) -> dict:
    """django-import-export: Resource.export() to a tablib Dataset, then the file's bytes."""
    from benchmarks.peers import ParticipantExportResource, participant_export_queryset

    queryset = participant_export_queryset()
    year = _export_parameters(half, plan_path).get("year_to")
    if year:
        queryset = queryset.filter(session__start_date__year__lte=year)
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    dataset = ParticipantExportResource().export(queryset=queryset)
    data = dataset.export(fmt)
    seconds = time.perf_counter() - started
    size = len(data.encode() if isinstance(data, str) else data)
    return {
        "rows": len(dataset),
        "seconds": seconds,
        "rows_per_s": len(dataset) / seconds,
        "before_kb": before_kb,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "file_bytes": size,
    }


# imports -----------------------------------------------------------------------------------

FIRST_NAMES = [
    "Sokha", "Dara", "Vanna", "Channary", "Abebe", "Tigist", "Amina", "Chinedu", "Ngozi", "Hodan",
    "Mohamed", "Akol", "Nyandeng", "Mwila", "Chipo", "Mateo", "Valentina", "Camila", "Oleksandr",
    "Olena", "Bounmy", "Khamla", "Minh", "Ahmed", "Zainab", "Yuki",
]  # fmt: skip
LAST_NAMES = [
    "Chan", "Keo", "Sok", "Tesfaye", "Bekele", "Okafor", "Adeyemi", "Warsame", "Deng", "Garang",
    "Banda", "Phiri", "Rodriguez", "Gomez", "Kovalenko", "Shevchenko", "Phommasack", "Nguyen",
    "Tran", "Hassan", "Ali", "Tanaka", "Mutale", "Lokuji", "Abdi",
]  # fmt: skip
POSITIONS = [
    "Deminer", "Team leader", "Section leader", "Survey officer", "Quality assurance officer",
    "EOD technician", "Community liaison officer", "Information management officer",
    "Operations manager", "Medic", "Machine operator", "Dog handler",
]  # fmt: skip
COUNTRIES = ["KH", "LA", "VN", "CO", "UA", "ET", "NG", "SO", "SS", "ZM", "AO", "IQ"]


def step_import_file(plan_path: str, out: str, rows: int) -> dict:
    """A realistic participant list with every row valid, in our template's columns."""
    from openpyxl import Workbook

    from trainings.services.imports import COLUMNS

    organisations = json.loads(Path(plan_path).read_text())["organisations"] or [""]
    rng = random.Random(7)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("participants")
    sheet.append(COLUMNS)
    for number in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        with_age = rng.random() < 0.7
        sheet.append(
            [
                f"{first} {last} {number:05d}",
                "",
                rng.choice(["female", "male", "female", "male", "other"]),
                str(rng.randint(19, 60)) if with_age else "",
                "" if with_age else str(rng.randint(1965, 2005)),
                rng.choice(COUNTRIES),
                rng.choice(organisations),
                rng.choice(POSITIONS),
                f"{first}.{last}.{number:05d}@participants.example.org".lower().replace(" ", "-"),
                f"+855 12 {number:06d}",
                rng.choice(["yes", "no"]),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    Path(out).write_bytes(buffer.getvalue())
    return {"rows": rows, "file_bytes": len(buffer.getvalue())}


def _new_session(label: str) -> Any:
    from django.utils import timezone

    from trainings.models import Programme
    from trainings.services.records import session_create

    start = timezone.localdate() + timedelta(days=30)
    return session_create(
        programme=Programme.objects.order_by("pk").first(),
        title=f"Benchmark import ({label}) {time.time_ns()}",
        start_date=start,
        end_date=start + timedelta(days=5),
        host_country="KH",
    )


def _remove_imported(session: Any) -> None:
    """Leave the data as it was, so that the other import meets the same database."""
    from trainings.models import Enrolment, ImportBatch, Person

    people = list(Enrolment.objects.filter(session=session).values_list("person_id", flat=True))
    Enrolment.objects.filter(session=session).delete()
    ImportBatch.objects.filter(session=session).delete()
    Person.objects.filter(pk__in=people, enrolments__isnull=True).delete()
    session.delete()


def step_import(path: str) -> dict:
    """Ours: upload (read + check every row + preview), confirm, then the worker's write."""
    from trainings.models import Enrolment, ImportBatch
    from trainings.services import imports

    data = Path(path).read_bytes()
    session = _new_session("ours")
    try:
        started = time.perf_counter()
        batch = imports.import_batch_create(
            session=session, user=_user("coordinator"), data=data, filename="participants.xlsx"
        )
        validated = time.perf_counter()
        if batch.errors:
            raise SystemExit(f"the import file has errors: {batch.errors[:3]}")
        # What import_batch_confirm does before it hands a large file to the worker; the write
        # is then the function the worker's task wraps, run here so that it is timed alone.
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
            status=ImportBatch.Status.PROCESSING
        )
        if not imports.import_batch_write(batch_id=batch.pk):
            raise SystemExit("the import write did not run")
        written = time.perf_counter()
        batch.refresh_from_db()
        enrolled = Enrolment.objects.filter(session=session).count()
    finally:
        _remove_imported(session)
    return _import_figures(batch.total_rows, enrolled, started, validated, written)


def _import_figures(rows: int, enrolled: int, started: float, validated: float, written: float):
    return {
        "rows": rows,
        "enrolled": enrolled,
        "validate_s": validated - started,
        "write_s": written - validated,
        "seconds": written - started,
        "rows_per_s": rows / (written - started),
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def step_peer_import(path: str) -> dict:
    """django-import-export: a dry run to validate, then the real import, of the same file."""
    import tablib

    from benchmarks.peers import ParticipantImportResource
    from trainings.models import Enrolment

    data = Path(path).read_bytes()
    session = _new_session("django-import-export")
    try:
        started = time.perf_counter()
        dataset = tablib.Dataset().load(data, format="xlsx")
        resource_ = ParticipantImportResource(session=session)
        dry = resource_.import_data(dataset, dry_run=True)
        validated = time.perf_counter()
        if dry.has_errors() or dry.has_validation_errors():
            raise SystemExit(f"django-import-export refused the file: {_peer_errors(dry)}")
        result = ParticipantImportResource(session=session).import_data(dataset, dry_run=False)
        written = time.perf_counter()
        if result.has_errors() or result.has_validation_errors():
            raise SystemExit(f"django-import-export failed: {_peer_errors(result)}")
        enrolled = Enrolment.objects.filter(session=session).count()
    finally:
        _remove_imported(session)
    return _import_figures(len(dataset), enrolled, started, validated, written)


def _peer_errors(result: Any) -> str:
    rows = result.invalid_rows[:3] or [e for _n, errors in result.row_errors()[:3] for e in errors]
    return "; ".join(str(getattr(row, "error", row)) for row in rows)


# notification fan-out ----------------------------------------------------------------------


def step_fanout(timeout: float) -> dict:
    """One new request opened for offers; the time until every subscriber's email row exists,
    and until the worker has sent them all."""
    from platform_africa.models import Kind, SupportRequest
    from platform_africa.services.requests import (
        subscribers_for,
        support_request_create,
        support_request_transition,
    )
    from portal.models import Email
    from portal.notifications.services import delivery_for

    member = _user("member")
    title = f"Benchmark request {time.time_ns()}: detectors for a clearance team"
    request = support_request_create(
        user=member,
        values={
            "kind": Kind.EQUIPMENT,
            "nexus": SupportRequest.Nexus.OPERATIONAL,
            "title": title,
            "summary": "Ten metal detectors for a new clearance team in the north.",
            "description": "The team starts in March; detectors in service need replacing.",
            "country": "ET",
            "priority": SupportRequest.Priority.HIGH,
        },
    )
    support_request_transition(request=request, user=member, to=SupportRequest.Status.SUBMITTED)
    subscribers = subscribers_for(request)
    deliveries = delivery_for([user.pk for user in subscribers], "platform.new_request")
    emailed = [u.email for u in subscribers if deliveries[u.pk] == "immediate" and u.email]
    expected = len(emailed)
    # Only rows written from now on (the primary key's index keeps the polling cheap), and the
    # subscribers' only: the requester is told about the change too.
    last = Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    emails = Email.objects.filter(pk__gt=last, to__in=emailed)

    started = time.perf_counter()
    support_request_transition(
        request=request, user=_user("secretariat"), to=SupportRequest.Status.OPEN
    )
    opened = time.perf_counter() - started
    all_rows = _wait_for(lambda: emails.count() >= expected, started, timeout)
    all_sent = _wait_for(lambda: emails.filter(status="sent").count() >= expected, started, timeout)
    return {
        "subscribers": len(subscribers),
        "expected_emails": expected,
        "email_rows": emails.count(),
        "sent": emails.filter(status="sent").count(),
        "open_call_s": opened,
        "rows_s": all_rows,
        "sent_s": all_sent,
    }


def _wait_for(done: Any, started: float, timeout: float) -> float | None:
    while not done():
        if time.perf_counter() - started > timeout:
            return None
        time.sleep(0.1)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    plan = steps.add_parser("plan")
    plan.add_argument("out")
    steps.add_parser("queries").add_argument("urls")
    for name in ("export", "peer-export"):
        export = steps.add_parser(name)
        export.add_argument("format", choices=["csv", "xlsx"])
        export.add_argument("plan")
        export.add_argument("--half", action="store_true")
    import_file = steps.add_parser("import-file")
    import_file.add_argument("plan")
    import_file.add_argument("out")
    import_file.add_argument("--rows", type=int, default=10_000)
    for name in ("import", "peer-import"):
        steps.add_parser(name).add_argument("file")
    fanout = steps.add_parser("fanout")
    fanout.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()

    _django()
    if args.step == "plan":
        figures = step_plan(args.out)
    elif args.step == "queries":
        figures = step_queries(args.urls)
    elif args.step == "export":
        figures = step_export(args.format, args.plan, args.half)
    elif args.step == "peer-export":
        figures = step_peer_export(args.format, args.plan, args.half)
    elif args.step == "import-file":
        figures = step_import_file(args.plan, args.out, args.rows)
    elif args.step == "import":
        figures = step_import(args.file)
    elif args.step == "peer-import":
        figures = step_peer_import(args.file)
    else:
        figures = step_fanout(args.timeout)
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
