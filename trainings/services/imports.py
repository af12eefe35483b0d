"""Participant lists from CSV or XLSX: read safely, check every row, preview, then write all or
nothing.

The upload is refused outright when it is hostile or unreadable (size, zip bomb, too many rows or
columns, wrong type by content). Otherwise every row is checked and the preview says, row by row,
what would happen; the write re-checks the file inside its transaction and writes nothing if any
error remains. Files above LARGE_IMPORT_ROWS rows are written by a worker.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from portal.dispatch import send, send_on_commit
from portal.models import Organisation
from portal.organisations.selectors import SPELLING_MAX, organisations_by_alias, spelling_key
from trainings.models import (
    MAX_AGE,
    MIN_AGE,
    Enrolment,
    ImportBatch,
    Person,
    Session,
    birth_year_range,
)
from trainings.names import name_key
from trainings.services.import_messages import import_message, import_message_english
from trainings.services.people import person_pairs_check_soon
from trainings.services.records import person_age_band

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 1000
MAX_ROWS = 20_000
MAX_COLUMNS = 50
LARGE_IMPORT_ROWS = 500
WRITE_CHUNK = 250
NAME_MAX = 200
# What the preview and its messages keep of a cell: a longer value is refused or shortened, and
# would push the preview off the screen (and fill the stored preview).
SHOWN_MAX = 80

COLUMNS = [
    "name",
    "local_name",
    "sex",
    "age",
    "birth_year",
    "country",
    "organisation",
    "position",
    "email",
    "phone",
    "consent",
]
ALIASES = {
    "name": "name",
    "full name": "name",
    "fullname": "name",
    "participant": "name",
    "participant name": "name",
    "local name": "local_name",
    "name in local script": "local_name",
    "sex": "sex",
    "gender": "sex",
    "age": "age",
    "birth year": "birth_year",
    "year of birth": "birth_year",
    "yob": "birth_year",
    "country": "country",
    "nationality": "country",
    "organisation": "organisation",
    "organization": "organisation",
    "agency": "organisation",
    "position": "position",
    "job title": "position",
    "email": "email",
    "e mail": "email",
    "email address": "email",
    "phone": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "phone number": "phone",
    "consent": "consent",
    "consent to contact": "consent",
}
SEX_VALUES = {
    "f": Person.Sex.FEMALE,
    "female": Person.Sex.FEMALE,
    "woman": Person.Sex.FEMALE,
    "w": Person.Sex.FEMALE,
    "m": Person.Sex.MALE,
    "male": Person.Sex.MALE,
    "man": Person.Sex.MALE,
    "other": Person.Sex.OTHER,
    "x": Person.Sex.OTHER,
    "": Person.Sex.NOT_RECORDED,
    "not recorded": Person.Sex.NOT_RECORDED,
    "unknown": Person.Sex.NOT_RECORDED,
}
YES = {"yes", "y", "true", "1", "x", "oui", "si", "sí"}
NO = {"no", "n", "false", "0", "", "non"}


class ImportRefused(Exception):
    """The file cannot be read as a participant list at all; the message says why.

    It holds a code of trainings.services.import_messages and its parameters, so a refusal
    found by the worker is stored and shown in the reader's language."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def __str__(self) -> str:
        return import_message(self.code, self.params)

    def as_error(self) -> dict[str, Any]:
        return _stored_error(0, "", self.code, self.params)


def _shown(value: Any) -> Any:
    """A cell as the preview shows it: a value longer than SHOWN_MAX cut with an ellipsis."""
    if isinstance(value, str) and len(value) > SHOWN_MAX:
        return value[: SHOWN_MAX - 1] + "\u2026"
    return value


def _stored_error(row: int, column: str, code: str, params: dict[str, Any]) -> dict[str, Any]:
    params = {name: _shown(value) for name, value in params.items()}
    return {
        "row": row,
        "column": column,
        "code": code,
        "params": params,
        "message": import_message_english(code, params),
    }


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)
    encoding: str = ""
    separator: str = ""
    ignored_columns: list[str] = field(default_factory=list)
    # Cells holding a formula and no value saved with it: (row number, column index) -> formula.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def _header_key(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(header or "").strip().lower())


def normalise_name(name: str) -> str:
    return re.sub(r"\s+", " ", name or "").strip()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused("not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ImportRefused("xlsx_damaged") from exc
    total = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or total > MAX_UNCOMPRESSED_BYTES
        or total > MAX_ZIP_RATIO * max(len(data), 1)
    ):
        raise ImportRefused("zip_bomb")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused("xlsx_damaged") from exc
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        has_formulas = any(
            re.search(rb"<f[ >]", archive.read(entry))
            for entry in archive.namelist()
            if entry.startswith("xl/worksheets/") and entry.endswith(".xml")
        )
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise ImportRefused("too_many_rows", max=MAX_ROWS)
        if (sheet.max_column or 0) > MAX_COLUMNS:
            raise ImportRefused("too_many_columns", max=MAX_COLUMNS)
        rows_iter = sheet.iter_rows(values_only=True)
        header_row = next(rows_iter, None)
        if header_row is None:
            raise ImportRefused("empty")
        headers = [_cell(v) for v in header_row]
        rows = []
        for number, values in enumerate(rows_iter, start=2):
            if number > MAX_ROWS + 1:
                raise ImportRefused("too_many_rows", max=MAX_ROWS)
            if len(values) > MAX_COLUMNS:
                raise ImportRefused("too_many_columns", max=MAX_COLUMNS)
            rows.append((number, [_cell(v) for v in values]))
    finally:
        workbook.close()
    table = Table(headers=headers, rows=rows)
    if has_formulas:
        table.formulas = _unsaved_formulas(data, rows)
    return table


def _unsaved_formulas(data: bytes, rows: list[tuple[int, list[str]]]) -> dict[tuple[int, int], str]:
    """The formulas of cells read as empty: a file written by a program that does not compute
    its formulas (Excel saves each formula's value beside it, and that value is what is read)."""
    from openpyxl import load_workbook

    empty = {
        (number, index) for number, cells in rows for index, cell in enumerate(cells) if not cell
    }
    found: dict[tuple[int, int], str] = {}
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        lines = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
        for number, values in enumerate(lines, start=2):
            for index, value in enumerate(values):
                if (number, index) in empty and isinstance(value, str) and value.startswith("="):
                    found[(number, index)] = value[:100]
    finally:
        workbook.close()
    return found


def _decoded(data: bytes) -> tuple[str, str]:
    """The text of a CSV upload and its encoding: UTF-16 when it starts with a byte order mark
    (Excel's "Unicode text" and many Windows tools), else UTF-8 (with or without its mark),
    then cp1252 and latin-1 as Excel writes "CSV" on Windows."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportRefused("not_csv") from exc
    if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")) or b"\x00" in data[:8192]:
        raise ImportRefused("not_csv")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # every byte is a latin-1 character


def _read_csv(data: bytes) -> Table:
    text, encoding = _decoded(data)
    if "\x00" in text[:8192]:
        raise ImportRefused("not_csv")
    sample = text[:8192]
    try:
        separator = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        separator = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header_row = next(reader, None)
    if not header_row:
        raise ImportRefused("empty")
    if len(header_row) > MAX_COLUMNS:
        raise ImportRefused("too_many_columns", max=MAX_COLUMNS)
    rows = []
    try:
        for number, values in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise ImportRefused("too_many_rows", max=MAX_ROWS)
            if len(values) > MAX_COLUMNS:
                raise ImportRefused("too_many_columns", max=MAX_COLUMNS)
            rows.append((number, [v.strip() for v in values]))
    except csv.Error as exc:
        raise ImportRefused("csv_error", error=str(exc)) from exc
    return Table(
        headers=[h.strip() for h in header_row], rows=rows, encoding=encoding, separator=separator
    )


def table_read(*, data: bytes, filename: str) -> Table:
    """The rows of an uploaded file, or ImportRefused with a message for the coordinator."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused("too_large", size=MAX_UPLOAD_BYTES // (1024 * 1024))
    if not data:
        raise ImportRefused("empty")
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(data)
    else:
        raise ImportRefused("wrong_type")
    mapped = [ALIASES.get(_header_key(h)) for h in table.headers]
    if "name" not in mapped:
        raise ImportRefused("no_name_column")
    table.ignored_columns = [h for h, m in zip(table.headers, mapped, strict=True) if h and not m]
    if not any(any(cells) for _number, cells in table.rows) and not table.formulas:
        raise ImportRefused("no_rows")
    return table


def _country(value: str) -> str | None:
    """ISO alpha-2 or alpha-3 code or English name → alpha-2; None when unknown."""
    if not value:
        return ""
    if len(value) in (2, 3) and value.isalpha():
        code = countries.alpha2(value)
        if code:
            return code
    code = countries.by_name(value)
    return code or None


def _int(value: str) -> int | None:
    return int(value) if re.fullmatch(r"\d{1,4}(\.0+)?", value) else None


@dataclass
class RowCheck:
    row: int
    values: dict[str, Any]
    errors: list[dict[str, Any]] = field(default_factory=list)
    action: str = ""  # create, match, enrolled, error
    person_id: int | None = None

    def error(self, column: str, code: str, **params: Any) -> None:
        """A problem with one cell, stored as a code of import_messages and its parameters."""
        self.errors.append(_stored_error(self.row, column, code, params))


def _check_row(number: int, cells: dict[str, str], organisations: dict[str, int]) -> RowCheck:
    first_year, last_year = birth_year_range(timezone.localdate())
    check = RowCheck(row=number, values={})
    v = check.values
    v["name"] = normalise_name(cells.get("name", ""))
    if not v["name"]:
        check.error("name", "name_missing")
    elif len(v["name"]) > NAME_MAX:
        check.error("name", "name_too_long", max=NAME_MAX)
    v["local_name"] = cells.get("local_name", "")[:200]
    sex = cells.get("sex", "").strip().lower()
    if sex in SEX_VALUES:
        v["sex"] = SEX_VALUES[sex]
    else:
        check.error("sex", "unknown_sex", value=cells.get("sex"))
    v["age"] = None
    if cells.get("age"):
        age = _int(cells["age"])
        if age is None or not MIN_AGE <= age <= MAX_AGE:
            check.error("age", "bad_age", min=MIN_AGE, max=MAX_AGE)
        else:
            v["age"] = age
    v["birth_year"] = None
    if cells.get("birth_year"):
        year = _int(cells["birth_year"])
        if year is None or not first_year <= year <= last_year:
            check.error("birth_year", "bad_birth_year", first=first_year, last=last_year)
        else:
            v["birth_year"] = year
    country = _country(cells.get("country", ""))
    if country is None:
        check.error("country", "unknown_country", value=cells.get("country"))
    v["country"] = country or ""
    v["organisation_id"] = None
    v["organisation"] = cells.get("organisation", "")
    if v["organisation"]:
        org_id = organisations.get(v["organisation"].lower())
        if org_id is None:
            check.error("organisation", "unknown_organisation", value=v["organisation"])
            if len(v["organisation"]) <= SPELLING_MAX:
                # Whole, unlike the shortened value: the preview offers to map this spelling.
                check.errors[-1]["spelling"] = v["organisation"]
        v["organisation_id"] = org_id
    v["position"] = cells.get("position", "")[:200]
    v["email"] = cells.get("email", "")
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            check.error("email", "bad_email", value=v["email"])
    v["phone"] = cells.get("phone", "")[:50]
    consent = cells.get("consent", "").strip().lower()
    if consent in YES:
        v["consent"] = True
    elif consent in NO:
        v["consent"] = False
    else:
        v["consent"] = False
        check.error("consent", "bad_consent")
    return check


def _organisation_lookup(names: set[str]) -> dict[str, int]:
    """Organisation ids by lower-cased spelling: its name or acronym on the site, else a spelling
    a coordinator mapped to it before (case and accents ignored). Two queries at most."""
    if not names:
        return {}
    found: dict[str, int] = {}
    rows = (
        Organisation.objects.annotate(lname=Lower("name"), lacronym=Lower("acronym"))
        .filter(Q(lname__in=names) | Q(lacronym__in=names))
        .values_list("pk", "lname", "lacronym")
    )
    for pk, lname, lacronym in rows:
        found.setdefault(lname, pk)
        if lacronym:
            found.setdefault(lacronym, pk)
    unknown = names - found.keys()
    aliases = organisations_by_alias(unknown)
    for name in unknown:
        if spelling_key(name) in aliases:
            found[name] = aliases[spelling_key(name)]
    return found


def rows_check(*, table: Table, session: Session) -> list[RowCheck]:
    """Every row checked, matched against existing people and this session's enrolments."""
    mapped = [ALIASES.get(_header_key(h)) for h in table.headers]
    raw_rows = []
    formulas: dict[int, dict[str, str]] = {}
    for number, cells in table.rows:
        if not any(cells) and not any((number, i) in table.formulas for i in range(len(cells))):
            continue
        values: dict[str, str] = {}
        for index, (column, cell) in enumerate(zip(mapped, cells, strict=False)):
            if column and column not in values:
                values[column] = cell
                if (number, index) in table.formulas:
                    formulas.setdefault(number, {})[column] = table.formulas[(number, index)]
        raw_rows.append((number, values))
    organisations = _organisation_lookup(
        {v.get("organisation", "").lower() for _n, v in raw_rows if v.get("organisation")}
    )
    checks = [_check_row(n, v, organisations) for n, v in raw_rows]
    for check in checks:
        for column, formula in formulas.get(check.row, {}).items():
            # The formula is the problem, not the emptiness it was read as.
            check.errors = [e for e in check.errors if e["column"] != column]
            check.error(column, "formula", formula=formula)

    seen_email: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    for check in checks:
        v = check.values
        if v["email"]:
            first = seen_email.setdefault(v["email"].lower(), check.row)
            if first != check.row:
                check.error("email", "duplicate_row", row=first)
                continue
        if v["name"]:
            first = seen_name.setdefault((v["name"].lower(), v["country"]), check.row)
            if first != check.row:
                check.error("name", "duplicate_row", row=first)

    emails = {c.values["email"].lower() for c in checks if c.values["email"]}
    names = {c.values["name"].lower() for c in checks if c.values["name"]}
    people = (
        Person.objects.active()
        .filter(anonymised_at__isnull=True)
        .annotate(lemail=Lower("email"), lname=Lower("full_name"))
        .filter(Q(lemail__in=emails) | Q(lname__in=names))
        .values_list("pk", "lemail", "lname", "nationality")
        .order_by("pk")
    )
    by_email: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for pk, lemail, lname, nationality in people:
        if lemail:
            by_email.setdefault(lemail, pk)
        by_name.setdefault((lname, nationality), pk)
    enrolled = set(Enrolment.objects.filter(session=session).values_list("person_id", flat=True))
    for check in checks:
        v = check.values
        if check.errors:
            check.action = "error"
            continue
        pk = by_email.get(v["email"].lower()) if v["email"] else None
        if pk is None:
            pk = by_name.get((v["name"].lower(), v["country"]))
        check.person_id = pk
        if pk is None:
            check.action = "create"
        elif pk in enrolled:
            check.action = "enrolled"
        else:
            check.action = "match"
    return checks


def _preview(checks: list[RowCheck]) -> tuple[list[dict], list[dict]]:
    preview = [
        {
            "row": c.row,
            "name": _shown(c.values.get("name", "")),
            "country": _shown(c.values.get("country", "")),
            "organisation": _shown(c.values.get("organisation", "")),
            "action": c.action,
            "person_id": c.person_id,
            "errors": c.errors,
        }
        for c in checks
    ]
    errors = [e for c in checks for e in c.errors]
    return preview, errors


@transaction.atomic
def import_batch_create(*, session: Session, user: Any, data: bytes, filename: str) -> ImportBatch:
    """Store the upload and its preview. Raises ImportRefused (nothing stored) when unreadable."""
    table = table_read(data=data, filename=filename)
    checks = rows_check(table=table, session=session)
    preview, errors = _preview(checks)
    batch = ImportBatch(
        session=session,
        uploaded_by=user,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        status=ImportBatch.Status.PREVIEWED,
        encoding=table.encoding,
        separator=table.separator,
        total_rows=len(checks),
        errors=errors,
        preview=preview,
    )
    # A random stored name: the file is personal data and must not be guessable.
    extension = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    batch.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(data), save=False)
    batch.save()
    return batch


def import_batch_recheck(*, batch: ImportBatch) -> ImportBatch:
    """Check a previewed file again against today's records (after organisations were mapped or
    added) and store the new preview. The caller holds the batch's row lock."""
    with batch.file.open("rb") as handle:
        data = handle.read()
    table = table_read(data=data, filename=batch.filename)
    checks = rows_check(table=table, session=batch.session)
    batch.preview, batch.errors = _preview(checks)
    batch.total_rows = len(checks)
    batch.save(update_fields=["preview", "errors", "total_rows"])
    return batch


def progress_key(batch_id: int) -> str:
    # Progress is kept in the cache: the write is one transaction, invisible until it commits.
    return f"trainings:import-progress:{batch_id}"


def import_batch_progress(batch: ImportBatch) -> int:
    if batch.status == ImportBatch.Status.PROCESSING:
        return int(cache.get(progress_key(batch.pk)) or 0)
    return batch.processed_rows


def import_batch_confirm(*, batch: ImportBatch) -> ImportBatch:
    """Write the rows now, or hand a large file to a worker. Refused while errors remain."""
    if batch.errors:
        raise ValidationError(_("Fix the errors in the file and upload it again."))
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.PROCESSING
    )
    if not claimed:
        batch.refresh_from_db()
        return batch
    if batch.total_rows > LARGE_IMPORT_ROWS:
        from trainings.tasks import import_batch_write_task

        send_on_commit(import_batch_write_task, batch.pk)
        batch.refresh_from_db()
        return batch
    import_batch_write(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def import_batch_discard(*, batch: ImportBatch) -> None:
    """Forget a checked import that was not saved: the batch and its copy of the file (personal
    data) go. Refused once its rows are being or have been written."""
    with transaction.atomic():
        gone = ImportBatch.objects.filter(
            pk=batch.pk, status__in=[ImportBatch.Status.PREVIEWED, ImportBatch.Status.FAILED]
        ).delete()[0]
    if not gone:
        raise ValidationError(_("This import is being saved or was saved: it cannot be discarded."))
    if batch.file:
        batch.file.delete(save=False)


# A batch left processing is the durable intent of its write: the sweep sends it again when the
# broker lost the task or its worker died (the write rolled back). A batch being written is locked,
# so the copy sent meanwhile finds it taken and does nothing.
WRITE_REQUEUE_AFTER = timedelta(seconds=45)


def import_batches_requeue(*, now: datetime | None = None) -> int:
    """Hand again to a worker the confirmed imports not written yet. Returns how many."""
    from trainings.tasks import import_batch_write_task

    now = now or timezone.now()
    waiting = list(
        ImportBatch.objects.filter(
            status=ImportBatch.Status.PROCESSING, created_at__lt=now - WRITE_REQUEUE_AFTER
        ).values_list("pk", flat=True)
    )
    for batch_id in waiting:
        send(import_batch_write_task, batch_id)
    return len(waiting)


def import_batch_write(*, batch_id: int) -> bool:
    """Write every row in one transaction, or none. Safe to run twice: a batch being written by
    another worker (locked) or already written is left alone."""
    try:
        with transaction.atomic():
            batch = (
                ImportBatch.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("session")
                .filter(pk=batch_id)
                .first()
            )
            if batch is None or batch.status != ImportBatch.Status.PROCESSING:
                return False
            with batch.file.open("rb") as handle:
                data = handle.read()
            table = table_read(data=data, filename=batch.filename)
            checks = rows_check(table=table, session=batch.session)
            preview, errors = _preview(checks)
            if errors:
                # Something changed since the preview: nothing is written, the new preview says why.
                batch.status = ImportBatch.Status.FAILED
                batch.errors, batch.preview = errors, preview
                batch.finished_at = timezone.now()
                batch.save(update_fields=["status", "errors", "preview", "finished_at"])
                return False
            created, matched = _write_rows(batch, checks)
            batch.status = ImportBatch.Status.DONE
            batch.processed_rows = batch.total_rows = len(checks)
            batch.created_count, batch.matched_count = created, matched
            batch.preview, _errors = _preview(checks)  # now with the new people's ids
            batch.finished_at = timezone.now()
            batch.save()
    except ImportRefused as exc:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED,
            errors=[exc.as_error()],
            finished_at=timezone.now(),
        )
        return False
    cache.delete(progress_key(batch_id))
    _file_delete(batch)
    return True


def _file_delete(batch: ImportBatch) -> None:
    """Once written, the uploaded list is not needed: keep no copy of the personal data."""
    if batch.file:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


def _write_rows(batch: ImportBatch, checks: list[RowCheck]) -> tuple[int, int]:
    today = timezone.localdate()
    new_people = [
        Person(
            full_name=c.values["name"],
            name_key=name_key(c.values["name"]),
            local_name=c.values["local_name"],
            sex=c.values["sex"],
            birth_year=c.values["birth_year"],
            age_band=person_age_band(
                birth_year=c.values["birth_year"], age=c.values["age"], on=today
            ),
            nationality=c.values["country"],
            organisation_id=c.values["organisation_id"],
            position=c.values["position"],
            email=c.values["email"],
            phone=c.values["phone"],
            consent_to_contact=c.values["consent"],
        )
        for c in checks
        if c.action == "create"
    ]
    done = 0
    for start in range(0, len(new_people), WRITE_CHUNK):
        Person.objects.bulk_create(new_people[start : start + WRITE_CHUNK])
        done += len(new_people[start : start + WRITE_CHUNK])
        cache.set(progress_key(batch.pk), done, 3600)
    created_iter = iter(new_people)
    person_ids = []
    for check in checks:
        if check.action == "create":
            check.person_id = next(created_iter).pk
            person_ids.append(check.person_id)
        elif check.action == "match":
            person_ids.append(check.person_id)
    enrolments = [Enrolment(person_id=pk, session=batch.session) for pk in person_ids]
    for start in range(0, len(enrolments), WRITE_CHUNK):
        Enrolment.objects.bulk_create(enrolments[start : start + WRITE_CHUNK])
        done += len(enrolments[start : start + WRITE_CHUNK])
        cache.set(progress_key(batch.pk), min(done, len(checks)), 3600)
    matched = sum(1 for c in checks if c.action in ("match", "enrolled"))
    person_pairs_check_soon()
    return len(new_people), matched


def import_template_rows() -> list[list[str]]:
    return [
        COLUMNS,
        ["Sokha Chan", "", "female", "34", "", "KH", "CMAC", "Deputy team leader", "", "", "yes"],
    ]
