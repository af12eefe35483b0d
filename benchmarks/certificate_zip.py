"""How long a worker takes to build a session's certificates ZIP.

    DJANGO_DEBUG=1 REDIS_URL=redis://127.0.0.1:6379/<a database no worker reads> \\
        .venv/bin/python benchmarks/certificate_zip.py [--participants 200]

Works in a scratch database and media folder, removed at the end (see export_memory.py). It
adds one session with that many completed participants, then builds the "trainings.certificates"
ZIP twice through the real export service, each in a fresh process: cold (no certificate issued:
the worker issues them and renders every PDF) and warm (every PDF built: the worker only reads
them). Issuing queues one certificate task per participant for other workers; none runs here,
so the cold figure is one worker doing everything, and the queue is emptied at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.export_memory import (  # noqa: E402
    _admin_sql,
    _django,
    _run,
    _server_url,
    _with_database,
    export_measure,
)

OWNER_EMAIL = "benchmark@certificates.invalid"


def child_seed(participants: int) -> None:
    _django()
    from django.contrib.auth.models import Group

    from portal.models import Organisation, User
    from portal.notifications.models import NotificationPreference
    from portal.permissions import Role
    from trainings.models import Enrolment, Person, Programme, Session

    owner = User.objects.create(email=OWNER_EMAIL, name="Benchmark")
    owner.groups.add(Group.objects.get_or_create(name=Role.TRAINING_COORDINATOR.value)[0])
    for kind in ("exports.ready", "exports.failed"):
        NotificationPreference.objects.create(user=owner, kind=kind, delivery="in_app")
    host = Organisation.objects.create(name="Cambodian Mine Action Centre", country="KH")
    programme = Programme.objects.create(
        name="JICA-CMAC Knowledge Sharing Programme", slug="jica-cmac", host=host, year_start=2010
    )
    session = Session.objects.create(
        programme=programme,
        title="Land release for national authorities",
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 14),
        venue="CMAC Training Centre, Kampong Chhnang",
        host_country="KH",
    )
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Participant Number{number}",
            sex=Person.Sex.FEMALE,
            age_band=Person.AgeBand.FROM_35_TO_44,
            nationality="KH",
        )
        for number in range(participants)
    )
    Enrolment.objects.bulk_create(
        Enrolment(person=person, session=session, status=Enrolment.Status.COMPLETED)
        for person in people
    )
    print(json.dumps({"session": session.pk}))


def child_build(session_id: int) -> None:
    _django()
    from portal.celery import app

    figures = export_measure(
        owner_email=OWNER_EMAIL,
        kind="trainings.certificates",
        fmt="zip",
        parameters={"session": session_id},
    )
    figures["deflated_bytes"] = _deflated_size(session_id)
    app.control.purge()
    print(json.dumps(figures))


def _deflated_size(session_id: int) -> int:
    """The size the same archive would have deflated, to check that storing loses nothing."""
    from trainings.models import Certificate

    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in Certificate.objects.filter(enrolment__session_id=session_id):
            with certificate.file.open("rb") as stored:
                archive.writestr(f"{certificate.number}.pdf", stored.read())
    return len(target.getvalue())


def main(participants: int) -> None:
    from portal import devservices

    started_services = devservices.up() if devservices.wanted() else []
    server_url = _server_url()
    database = f"certificates_benchmark_{os.getpid()}"
    media = Path(tempfile.mkdtemp(prefix="certificates-benchmark-"))
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(server_url, database),
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    script = str(Path(__file__).resolve())
    try:
        _admin_sql(server_url, f'CREATE DATABASE "{database}"')
        print(f"Scratch database {database}: migrating...", flush=True)
        _run(["manage.py", "migrate", "--verbosity", "0"], env)
        seeded = json.loads(_run([script, "seed", str(participants)], env).strip().splitlines()[-1])
        for run in ("cold", "warm"):
            output = _run([script, "build", str(seeded["session"])], env)
            figures = json.loads(output.strip().splitlines()[-1])
            print(
                f"{run}: {figures['rows']:,} certificates in {figures['seconds']:.1f}s "
                f"({figures['rows'] / figures['seconds']:.1f}/s), peak RSS "
                f"{figures['peak_kb'] / 1024:.0f} MB, ZIP {figures['file_bytes'] / 1024**2:.1f} MB "
                f"(deflated {figures['deflated_bytes'] / 1024**2:.1f} MB)",
                flush=True,
            )
    finally:
        _admin_sql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(media, ignore_errors=True)
        if started_services:
            devservices.down(started_services)
    print(f"nproc {os.cpu_count()}, Python {sys.version.split()[0]}, {sys.platform}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "seed":
        child_seed(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "build":
        child_build(int(sys.argv[2]))
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--participants", type=int, default=200)
        main(parser.parse_args().participants)
