"""`make chaos`: the faults of issue 15 against a real worker, beat, web, PostgreSQL, Valkey and
SMTP server, with what users would notice checked after each one.

Everything runs on loopback under var/chaos/: an embedded PostgreSQL and Valkey of its own
(other ports than the developer's), the Procfile's web (gunicorn), worker and beat (under
portal.keepalive, as in development), and an SMTP server (aiosmtpd) that records every message
by its Message-ID. Each scenario starts work the way users do (the secretariat opens a request
that thousands subscribe to, a coordinator asks for a participants report), breaks something
in the middle, and checks that every email arrived (each Message-ID at least once, none
missing), every report was built, every opened request's subscribers were told, how long the
system took to recover once the fault was over, and how many pages answered 5xx meanwhile.

    python benchmarks/chaos.py                 # 1,500 subscribers, 60,000 enrolments
    python benchmarks/chaos.py --short         # 150 and 20,000: the CI form
    python benchmarks/chaos.py --only worker-kill-emails postgres-restart-export

Exit status 0 when every scenario passed. The table goes to stdout and to --out.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CHAOS_DIR = BASE_DIR / "var" / "chaos"
BIN = Path(sys.executable).parent
RECOVERY_LIMIT = 60.0
# Long enough for the slowest path (a message a killed worker held, found by the sweep).
WAIT_LIMIT = 180.0

sys.path.insert(0, str(BASE_DIR))

from benchmarks.bench import _free_port as free_port  # noqa: E402

# The SMTP server ---------------------------------------------------------------------------


class Sink:
    """A real SMTP server that counts the messages it accepts by Message-ID."""

    def __init__(self) -> None:
        self.copies: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        headers = BytesHeaderParser().parsebytes(envelope.content)
        with self.lock:
            self.copies[str(headers.get("Message-ID", "")).strip()] += 1
        return "250 Message accepted for delivery"

    def start(self, port: int) -> None:
        import logging

        from aiosmtpd.controller import Controller

        # aiosmtpd logs every command of every session at INFO.
        logging.getLogger("mail.log").setLevel(logging.WARNING)

        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def received(self, ids: set[str]) -> tuple[int, int]:
        """How many of these ids arrived, and how many extra copies of them came."""
        with self.lock:
            arrived = [self.copies[i] for i in ids if self.copies[i]]
        return len(arrived), sum(arrived) - len(arrived)


# A browser --------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One person's cookies; answers' status codes, 5xx included, never raised."""

    def __init__(self, host: str, session_key: str = "") -> None:
        self.host = host
        self.jar = CookieJar()
        if session_key:
            self.jar.set_cookie(_cookie("sessionid", session_key))
        # A CSRF secret of our own, sent back in each form as a browser does with the page's.
        self.csrf = secrets.token_hex(16)
        self.jar.set_cookie(_cookie("csrftoken", self.csrf))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> int:
        body = None
        headers = {"Accept-Language": "en"}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
            headers |= {"X-CSRFToken": self.csrf, "Referer": self.host + path}
        request = urllib.request.Request(self.host + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 599  # no answer at all: as bad as a 5xx for the person waiting


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip


class Probe:
    """Visitors reading pages during a fault: counts the answers that were 5xx."""

    PAGES = ("/", "/practices/", "/practices/?q=non-technical+survey", "/platform/requests/")

    def __init__(self, host: str) -> None:
        self.browser = Browser(host)
        self.errors = 0
        self.asked = 0
        self._stop = threading.Event()

    def __enter__(self) -> Probe:
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self.thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for page in self.PAGES:
                self.asked += 1
                self.errors += self.browser.request(page) >= 500
            self._stop.wait(0.3)


# Processes --------------------------------------------------------------------------------


class Stack:
    """PostgreSQL, Valkey, the SMTP server, web, worker and beat of this run."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.processes: dict[str, subprocess.Popen] = {}
        self.sink = Sink()
        self.web_port = free_port()
        self.host = f"http://127.0.0.1:{self.web_port}"

    def start_services(self) -> None:
        shutil.rmtree(CHAOS_DIR, ignore_errors=True)
        (CHAOS_DIR / "logs").mkdir(parents=True)
        os.environ.update(
            DEVSERVICES_VAR_DIR=str(CHAOS_DIR / "services"),
            DEVSERVICES_PG_PORT=str(self.args.pg_port),
            DEVSERVICES_REDIS_PORT=str(self.args.redis_port),
        )
        from portal import devservices

        self.devservices = devservices
        devservices.start_postgres()
        devservices.start_valkey()
        smtp_port = free_port()
        self.sink.start(smtp_port)
        os.environ.update(
            DATABASE_URL=devservices.database_url(),
            REDIS_URL=devservices.redis_url(),
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            MEDIA_ROOT=str(CHAOS_DIR / "media"),
            SITE_URL=self.host,
            DJANGO_DEBUG="1",
            DJANGO_SETTINGS_MODULE="portal.settings",
        )
        import django

        django.setup()

    def start_processes(self) -> None:
        from benchmarks.bench import procfile_command

        beat = procfile_command("beat", 0)
        beat[beat.index("--schedule") + 1] = str(CHAOS_DIR / "celerybeat-schedule")
        worker = procfile_command("worker", 0)
        worker[worker.index("--hostname") + 1] = "worker@chaos"
        worker[worker.index("--heartbeat") + 1] = str(CHAOS_DIR / "worker.heartbeat")
        for name, command in (
            ("web", procfile_command("web", self.web_port)),
            ("worker", worker),
            ("beat", beat),
        ):
            log = open(CHAOS_DIR / "logs" / f"{name}.log", "w")  # noqa: SIM115
            self.processes[name] = subprocess.Popen(  # noqa: S603
                command, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.host}/healthz", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise SystemExit(f"the site did not become healthy; see {CHAOS_DIR / 'logs'}")

    def worker_pids(self) -> list[int]:
        """The Celery worker under portal.keepalive, and its pool's processes."""
        return _descendants(self.processes["worker"].pid)

    def kill_worker(self) -> None:
        """kill -9 the worker and its pool, as the OOM killer or a crash would."""
        for pid in self.worker_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if hasattr(self, "devservices"):
            self.devservices.stop_valkey()
            self.devservices.stop_postgres()
        if hasattr(self.sink, "controller"):
            self.sink.stop()


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return found
    for child in map(int, children):
        found += [child, *_descendants(child)]
    return found


# Data --------------------------------------------------------------------------------------


@dataclass
class People:
    secretariat: object
    coordinator: object
    requester_organisation: object
    subscribers: int
    enrolments: int


def seed(subscribers: int, enrolments: int) -> People:
    """Subscribers to every request, and a session as large as the issue's, through the services
    where there is one (factories only for the accounts)."""
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    # Accounts of this run only: a fast hash, not a second of PBKDF2 for each of 1,500.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        return _seed(subscribers, enrolments)


def _seed(subscribers: int, enrolments: int) -> People:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from platform_africa.services.requests import subscription_set
    from portal.notifications.services import notification_preferences_set
    from portal.permissions import Role
    from tests.factories import UserFactory
    from tests.platform_africa.factories import MemberOrganisationFactory, member
    from tests.trainings.factories import SessionFactory
    from trainings.models import Enrolment, Person
    from trainings.names import name_key

    secretariat = UserFactory(email="secretariat@chaos.example")
    secretariat.groups.add(Group.objects.get(name=Role.PLATFORM_SECRETARIAT.value))
    coordinator = UserFactory(email="coordinator@chaos.example")
    coordinator.groups.add(Group.objects.get(name=Role.TRAINING_COORDINATOR.value))
    organisations = [MemberOrganisationFactory() for _ in range(10)]
    names = ["Nguyễn Văn An", "Олена Коваль", "محمد علي", "ສົມພອນ ແກ້ວ", "María Rodríguez"]
    for n in range(subscribers):
        user = member(organisations[n % 10], user__email=f"subscriber-{n:05d}@chaos.example")
        subscription_set(user=user, kinds=[], countries=["ZM"], themes=[])
        notification_preferences_set(user=user, choices={"platform.new_request": "immediate"})
    session = SessionFactory()
    people = Person.objects.bulk_create(
        Person(
            full_name=f"{names[n % 5]} {n}",
            name_key=name_key(f"{names[n % 5]} {n}"),
            # Loaded, not imported: no backlog of duplicate checks competes with the scenarios.
            pairs_checked_at=timezone.now(),
        )
        for n in range(enrolments)
    )
    Enrolment.objects.bulk_create(
        Enrolment(session=session, person=p, status=Enrolment.Status.COMPLETED) for p in people
    )
    return People(secretariat, coordinator, MemberOrganisationFactory(), subscribers, enrolments)


def session_of(user: object) -> str:
    """A signed-in session for the person, as the sign-in page makes."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


# Checks ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    fault: str
    expected_emails: int = 0
    arrived: int = 0
    extra_copies: int = 0
    exports: str = "-"
    notified: str = "-"
    recovery: float | None = None
    errors_5xx: int = 0
    asked: int = 0
    notes: list[str] = field(default_factory=list)
    passed: bool = False


def db(query: Callable[[], object], default: object = None) -> object:
    """Ask the database, or answer `default` while it is down."""
    from django.db import DatabaseError, connections

    try:
        return query()
    except DatabaseError:
        connections.close_all()
        return default


def wait_until(done: Callable[[], bool], limit: float = WAIT_LIMIT, poll: float = 0.2) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(poll)
    return False


class Scenario:
    """One fault: start work, break something, mend it, check what users would notice."""

    def __init__(self, stack: Stack, people: People) -> None:
        from portal.models import Email

        self.stack = stack
        self.people = people
        self.email_mark = db(lambda: Email.objects.order_by("-pk").values_list("pk", flat=True)
                             .first() or 0)  # fmt: skip
        self.requests: list[int] = []
        self.jobs: list[int] = []
        # Set by scenarios whose fault must hit a report being built.
        self.export_fault = False
        self.fault_missed = False
        self.arrived_at_fault: int | None = None
        self.secretariat = Browser(stack.host, session_of(people.secretariat))
        self.coordinator = Browser(stack.host, session_of(people.coordinator))

    # Work as users start it.

    def open_request(self) -> int:
        from tests.platform_africa.factories import SupportRequestFactory

        request = SupportRequestFactory(
            organisation=self.people.requester_organisation, status="submitted", opened_at=None,
            country="ZM",
        )  # fmt: skip
        self.requests.append(request.pk)
        return self.secretariat.request(
            f"/platform/requests/{request.pk}/status/", {"to": "open", "reason": ""}
        )

    def ask_export(self, fmt: str = "xlsx") -> int:
        from portal.exports.models import ExportJob

        before = set(ExportJob.objects.values_list("pk", flat=True))
        status = self.coordinator.request(
            "/exports/request/", {"kind": "trainings.participants", "format": fmt}
        )
        new = set(db(lambda: list(ExportJob.objects.values_list("pk", flat=True)), []))
        self.jobs += sorted(new - before)
        return status

    def fault(self) -> None:
        """The fault is about to happen: note how far the emails had gone."""
        self.arrived_at_fault = self.emails_arrived()

    def emails_arrived(self) -> int:
        return self.stack.sink.received(self.message_ids())[0]

    def export_state(self) -> str:
        from portal.exports.models import ExportJob

        return db(lambda: ExportJob.objects.get(pk=self.jobs[-1]).status, "unknown")

    # What users would notice.

    def message_ids(self) -> set[str]:
        from portal.models import Email
        from portal.services import email_message_id

        emails = db(lambda: list(Email.objects.filter(pk__gt=self.email_mark)), [])
        return {email_message_id(e) for e in emails}

    def all_done(self) -> bool:
        from platform_africa.models import SupportRequest
        from portal.exports.models import ExportJob

        def check() -> bool:
            notified = SupportRequest.objects.filter(
                pk__in=self.requests, subscribers_notified_at__isnull=False
            ).count()
            built = ExportJob.objects.filter(pk__in=self.jobs, status="done").count()
            if notified < len(self.requests) or built < len(self.jobs):
                return False
            ids = self.message_ids()
            return self.stack.sink.received(ids)[0] == len(ids)

        return bool(db(check, False))

    def outcome(self, name: str, fault: str, fault_over: float, probe: Probe | None) -> Outcome:
        from django.db import connections

        from platform_africa.models import SupportRequest
        from portal.exports.models import ExportJob

        finished = wait_until(self.all_done)
        connections.close_all()
        result = Outcome(name, fault)
        if finished:
            result.recovery = max(0.0, time.monotonic() - fault_over)
        ids = self.message_ids()
        result.expected_emails = len(ids)
        result.arrived, result.extra_copies = self.stack.sink.received(ids)
        if self.jobs:
            jobs = ExportJob.objects.filter(pk__in=self.jobs)
            result.exports = f"{jobs.filter(status='done').count()}/{len(self.jobs)}"
            for job in jobs.exclude(status="done"):
                result.notes.append(f"export {job.pk} {job.status}: {job.error}")
            for job in jobs.filter(status="done"):
                if job.row_count != self.people.enrolments:
                    result.notes.append(f"export {job.pk} has {job.row_count} rows")
                if self.export_fault and job.attempts < 2:
                    result.notes.append(f"export {job.pk} finished before the fault (1 build)")
                    self.fault_missed = True
        if self.requests:
            told = SupportRequest.objects.filter(
                pk__in=self.requests, subscribers_notified_at__isnull=False
            ).count()
            result.notified = f"{told}/{len(self.requests)}"
        if probe is not None:
            result.errors_5xx, result.asked = probe.errors, probe.asked
        if self.arrived_at_fault is not None:
            result.notes.append(f"{self.arrived_at_fault} emails had arrived at the fault")
        if result.expected_emails < len(self.requests) * self.people.subscribers:
            result.notes.append(f"only {result.expected_emails} emails were queued")
        result.passed = (
            finished
            and result.expected_emails >= len(self.requests) * self.people.subscribers
            and result.arrived == result.expected_emails
            and result.recovery is not None
            and result.recovery <= RECOVERY_LIMIT
            and not any(" rows" in note for note in result.notes)
            and not self.fault_missed
        )
        return result


# The scenarios -----------------------------------------------------------------------------


def worker_kill_emails(stack: Stack, people: People) -> Outcome:
    s = Scenario(stack, people)
    s.open_request()
    wait_until(lambda: s.emails_arrived() >= people.subscribers // 3, 60)
    s.fault()
    stack.kill_worker()
    return s.outcome("worker-kill-emails", "kill -9 the worker after a third of the emails",
                     time.monotonic(), None)  # fmt: skip


def valkey_restart_emails(stack: Stack, people: People) -> Outcome:
    s = Scenario(stack, people)
    s.open_request()
    wait_until(lambda: s.emails_arrived() >= people.subscribers // 5, 60)
    s.fault()
    with Probe(stack.host) as probe:
        stack.devservices.stop_valkey()
        time.sleep(10)
        stack.devservices.start_valkey()
    return s.outcome("valkey-restart-emails", "Valkey stopped for 10 s during the emails",
                     time.monotonic(), probe)  # fmt: skip


def valkey_outage_then_work(stack: Stack, people: People) -> Outcome:
    """A second outage with the worker idle: it must still (or again) take work afterwards."""
    with Probe(stack.host) as probe:
        stack.devservices.stop_valkey()
        time.sleep(15)
        stack.devservices.start_valkey()
    over = time.monotonic()
    s = Scenario(stack, people)
    s.open_request()
    s.ask_export("csv")
    result = s.outcome("valkey-outage-then-work", "Valkey stopped 15 s, then new work", over,
                       probe)  # fmt: skip
    return result


def postgres_restart_emails(stack: Stack, people: People) -> Outcome:
    from portal.models import Email

    s = Scenario(stack, people)
    s.open_request()
    wait_until(lambda: s.emails_arrived() >= people.subscribers // 5, 60)
    s.fault()
    stack.devservices.stop_postgres()
    time.sleep(9)
    stack.devservices.start_postgres()
    result = s.outcome("postgres-restart-emails", "PostgreSQL stopped for 9 s during the emails",
                       time.monotonic(), None)  # fmt: skip
    wrong = Email.objects.filter(pk__gt=s.email_mark).exclude(status="sent").count()
    if wrong:
        result.notes.append(f"{wrong} emails not recorded as sent")
        result.passed = False
    return result


def _during_an_export(
    stack: Stack, people: People, name: str, fault: str, break_it: Callable[[], None]
) -> Outcome:
    """Ask for the participants report and break something as soon as it is being built."""
    s = Scenario(stack, people)
    s.export_fault = True
    s.ask_export()
    if not wait_until(lambda: s.export_state() == "running", 60, poll=0.02):
        s.fault_missed = True
        return s.outcome(name, "the export was never seen running", time.monotonic(), None)
    break_it()
    return s.outcome(name, fault, time.monotonic(), None)


def postgres_restart_export(stack: Stack, people: People) -> Outcome:
    def restart() -> None:
        stack.devservices.stop_postgres()
        time.sleep(3)
        stack.devservices.start_postgres()

    return _during_an_export(stack, people, "postgres-restart-export",
                             "PostgreSQL stopped for 3 s during an export", restart)  # fmt: skip


def worker_kill_export(stack: Stack, people: People) -> Outcome:
    def kill() -> None:
        time.sleep(0.2)
        stack.kill_worker()

    return _during_an_export(stack, people, "worker-kill-export",
                             "kill -9 the worker during an export", kill)  # fmt: skip


def redis_down_requests(stack: Stack, people: People) -> Outcome:
    """With Redis down: the secretariat opens a request, visitors read and search, a member
    signs in, a coordinator asks for a report. Every answer must be a page, not a 5xx."""
    s = Scenario(stack, people)
    visitor = Browser(stack.host)
    with Probe(stack.host) as probe:
        stack.devservices.stop_valkey()
        answers = {
            "open request": s.open_request(),
            "export request": s.ask_export("csv"),
            "exports page": s.coordinator.request("/exports/"),
            "sign-in": visitor.request(
                "/accounts/login/", {"login": "subscriber-00001@chaos.example", "password": "x"}
            ),
        }
        time.sleep(5)
        stack.devservices.start_valkey()
    result = s.outcome("redis-down-requests", "Valkey down while people use the site",
                       time.monotonic(), probe)  # fmt: skip
    bad = {name: code for name, code in answers.items() if code >= 500}
    result.errors_5xx += len(bad)
    result.asked += len(answers)
    if bad:
        result.notes.append(f"5xx: {bad}")
    result.passed = result.passed and result.errors_5xx == 0
    return result


def worker_kill_after_open(stack: Stack, people: People) -> Outcome:
    s = Scenario(stack, people)
    s.open_request()
    time.sleep(1)
    s.fault()
    stack.kill_worker()
    return s.outcome("worker-kill-after-open", "kill -9 the worker 1 s after opening a request",
                     time.monotonic(), None)  # fmt: skip


SCENARIOS = {
    f.__name__.replace("_", "-"): f
    for f in (
        worker_kill_emails,
        valkey_restart_emails,
        valkey_outage_then_work,
        postgres_restart_emails,
        postgres_restart_export,
        worker_kill_export,
        redis_down_requests,
        worker_kill_after_open,
    )
}


# Report ------------------------------------------------------------------------------------


def table(outcomes: list[Outcome], people: People, seconds: float) -> str:
    lines = [
        f"# make chaos: {people.subscribers:,} subscribers, {people.enrolments:,} enrolments, "
        f"{seconds:.0f} s",
        "",
        "| scenario | fault | emails arrived (Message-IDs) | extra copies | exports built "
        "| requests notified | recovery | 5xx / asked | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for o in outcomes:
        recovery = f"{o.recovery:.1f} s" if o.recovery is not None else "not recovered"
        lines.append(
            f"| {o.name} | {o.fault} | {o.arrived}/{o.expected_emails} | {o.extra_copies} "
            f"| {o.exports} | {o.notified} | {recovery} | {o.errors_5xx}/{o.asked} "
            f"| {'pass' if o.passed else 'FAIL'} |"
        )
    notes = [f"- {o.name}: {note}" for o in outcomes for note in o.notes]
    if notes:
        lines += ["", *notes]
    lines += [
        "",
        "Recovery: from the end of the fault (the kill, or the server back) until every email "
        "of the scenario had arrived, every report was built and every request's subscribers "
        f"were told; a scenario passes within {RECOVERY_LIMIT:.0f} s. Extra copies carry the "
        "Message-ID of the first (at-least-once delivery): the receiver keeps one.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="150 subscribers (the CI form)")
    parser.add_argument("--subscribers", type=int)
    parser.add_argument("--enrolments", type=int)
    parser.add_argument("--only", nargs="*", choices=list(SCENARIOS), default=None)
    parser.add_argument("--pg-port", type=int, default=54359)
    parser.add_argument("--redis-port", type=int, default=56359)
    parser.add_argument("--out", type=Path, default=CHAOS_DIR.parent / "chaos.md")
    args = parser.parse_args(argv)
    subscribers = args.subscribers or (150 if args.short else 1500)
    enrolments = args.enrolments or (20_000 if args.short else 60_000)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    stack = Stack(args)
    outcomes: list[Outcome] = []
    try:
        stack.start_services()
        people = seed(subscribers, enrolments)
        stack.start_processes()
        for name, scenario in SCENARIOS.items():
            if args.only and name not in args.only:
                continue
            print(f"{name}...", flush=True)
            outcomes.append(scenario(stack, people))
            print(re.sub(r"\s+", " ", str(outcomes[-1])), flush=True)
            stack.wait_healthy()
    finally:
        stack.stop()
    text = table(outcomes, people, time.monotonic() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    return 0 if outcomes and all(o.passed for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
