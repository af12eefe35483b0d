"""manage.py backup and restore: through the real pg_dump and pg_restore on the test database.

Transactional tests: pg_dump reads committed data from its own connection, and the restore
replaces the test database's tables (the flush after each test empties them again).
"""

import json
import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from knowledge.models import Attachment, Practice
from knowledge.services.workflow import attachment_add
from portal import backups
from portal.models import User
from tests.factories import OrganisationFactory, UserFactory
from tests.knowledge.factories import PracticeFactory
from trainings.models import Enrolment, Person, Session
from trainings.services.records import (
    enrolment_create,
    person_create,
    programme_create,
    session_create,
)

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MODELS = [User, Practice, Attachment, Session, Person, Enrolment]


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def site_data() -> Attachment:
    """A draft practice with a PDF attached, and a training session with three participants."""
    author = UserFactory()
    practice = PracticeFactory(author=author, status=Practice.Status.DRAFT, published_at=None)
    attachment = attachment_add(
        practice=practice, user=author, file=SimpleUploadedFile("survey form.pdf", PDF)
    )
    programme = programme_create(
        name="JICA-CMAC land release",
        slug="land-release",
        host=OrganisationFactory(),
        year_start=2015,
    )
    session = session_create(
        programme=programme,
        title="Non-technical survey course",
        start_date=date(2025, 6, 2),
        end_date=date(2025, 6, 13),
        host_country="KH",
    )
    for name in ["Sokha Chan", "Abebe Tesfaye", "Mwila Banda"]:
        enrolment_create(person=person_create(full_name=name, nationality="KH"), session=session)
    return attachment


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def media_files(media: Path) -> dict[str, bytes]:
    return {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}


def backup(tmp_path: Path, name: str = "backup") -> Path:
    call_command("backup", "--output", str(tmp_path / "backups" / name), stdout=StringIO())
    return tmp_path / "backups" / name


def test_the_test_database_is_the_one_backed_up(tmp_path):
    folder = backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == connection.settings_dict["NAME"]
    assert manifest["database"].startswith("test_")


def test_a_backup_restores_the_rows_and_the_files_after_a_wipe(tmp_path, media):
    attachment = site_data()
    before = counts()
    assert before["Enrolment"] == 3 and before["Attachment"] == 1
    folder = backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["row_counts"]["trainings_enrolment"] == 3
    assert manifest["media_files"] == 1
    assert manifest["migrations"]["knowledge"].startswith("00")

    call_command("flush", "--no-input")
    shutil.rmtree(media)
    media.mkdir()
    (media / "written-after-the-backup.txt").write_text("gone after the restore")
    assert counts()["Practice"] == 0

    out = StringIO()
    call_command("restore", str(folder), stdout=out)

    assert counts() == before
    restored = Attachment.objects.get()
    assert restored.file.name == attachment.file.name
    with restored.file.open("rb") as handle:
        assert handle.read() == PDF
    assert media_files(media) == {attachment.file.name: PDF}
    assert "trainings_enrolment" in out.getvalue() and "differs" not in out.getvalue()


@pytest.mark.parametrize("name", ["media.tar", "database.dump"])
def test_a_backup_with_one_byte_changed_is_refused_naming_the_file(tmp_path, media, name):
    site_data()
    folder = backup(tmp_path)
    tampered = folder / name
    content = bytearray(tampered.read_bytes())
    # In the tar, a byte of the attached PDF itself; in the dump, one in the middle.
    at = content.find(PDF) + 5 if name == "media.tar" else len(content) // 2
    assert at >= 5
    content[at] ^= 0x01
    tampered.write_bytes(bytes(content))
    PracticeFactory(title="Written after the backup")
    before, files = counts(), media_files(media)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(folder), "--yes", stdout=StringIO())

    assert f"{name}: size or checksum differs" in str(refused.value)
    assert "nothing was restored" in str(refused.value)
    assert counts() == before and media_files(media) == files
    assert Practice.objects.filter(title="Written after the backup").exists()


def test_restoring_into_a_database_that_holds_data_needs_yes(tmp_path, media):
    site_data()
    folder = backup(tmp_path)
    PracticeFactory(title="Written after the backup")
    before, files = counts(), media_files(media)

    with pytest.raises(CommandError, match="holds data .* Run again with --yes"):
        call_command("restore", str(folder), stdout=StringIO())

    assert counts() == before and media_files(media) == files

    call_command("restore", str(folder), "--yes", stdout=StringIO())
    assert not Practice.objects.filter(title="Written after the backup").exists()


def test_at_a_terminal_restore_asks_and_anything_but_yes_cancels(tmp_path, monkeypatch):
    site_data()
    folder = backup(tmp_path)
    PracticeFactory(title="Written after the backup")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "y")

    with pytest.raises(CommandError, match="Restore cancelled; nothing was changed"):
        call_command("restore", str(folder), stdout=StringIO())

    assert "Type 'yes' to go ahead" in questions[0]
    assert Practice.objects.filter(title="Written after the backup").exists()


def test_without_a_pg_dump_of_the_server_version_no_backup_is_left(tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "_candidates", lambda name: [])

    with pytest.raises(CommandError, match="No pg_dump for PostgreSQL"):
        backup(tmp_path)

    assert list((tmp_path / "backups").iterdir()) == []


def test_a_failing_pg_dump_leaves_no_backup(tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "postgres_tool", lambda name, major: Path("/bin/false"))

    with pytest.raises(CommandError, match="false failed"):
        backup(tmp_path)

    assert list((tmp_path / "backups").iterdir()) == []


def test_keep_deletes_the_oldest_backups_and_leaves_other_folders(tmp_path):
    for name in ["first", "second", "third"]:
        backup(tmp_path, name)
    (tmp_path / "backups" / "notes").mkdir()

    call_command(
        "backup", "--output", str(tmp_path / "backups" / "fourth"), "--keep", "2", stdout=StringIO()
    )

    left = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert left == ["fourth", "notes", "third"]
