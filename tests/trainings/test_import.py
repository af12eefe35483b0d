import csv
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import OrganisationFactory
from tests.trainings.factories import EnrolmentFactory, PersonFactory, SessionFactory
from trainings.models import Enrolment, ImportBatch, Person
from trainings.services import imports

pytestmark = pytest.mark.django_db

HEADER = ["name", "local_name", "sex", "age", "birth_year", "country", "organisation",
          "position", "email", "phone", "consent"]  # fmt: skip


def csv_bytes(rows: list[list[str]], *, header: list[str] = HEADER, sep: str = ",",
              encoding: str = "utf-8") -> bytes:  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], *, header: list[str] = HEADER) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def row(name: str, *, sex: str = "female", age: str = "34", country: str = "KH",
        org: str = "CMAC", email: str = "", birth_year: str = "") -> list[str]:  # fmt: skip
    return [name, "", sex, age, birth_year, country, org, "Team leader", email, "", "yes"]


@pytest.fixture
def cmac():  # noqa: ANN201
    return OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC")


def upload(client, session, data: bytes, name: str = "participants.csv"):  # noqa: ANN001, ANN201
    return client.post(
        reverse("trainings:import-start", args=[session.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def confirm(client, batch: ImportBatch):  # noqa: ANN001, ANN201
    return client.post(reverse("trainings:import-confirm", args=[batch.pk]))


def test_an_import_with_errors_writes_nothing_and_reports_each_bad_row(coordinator_client, cmac):
    session = SessionFactory()
    data = csv_bytes(
        [
            row("Sokha Chan"),
            row("", email="nobody@example.org"),
            row("Dara Kim", sex="maybe"),
            row("Vanna Lim", country="Atlantis"),
            row("Bopha Ny", age="old"),
            row("Sokha Chan"),
            row("Chea Sok", email="not-an-email"),
            row("Rith Mao", birth_year="1850"),
        ]
    )
    response = upload(coordinator_client, session, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    page = coordinator_client.get(response["Location"]).content.decode()

    errors = {(e["row"], e["column"]) for e in batch.errors}
    assert errors == {
        (3, "name"),
        (4, "sex"),
        (5, "country"),
        (6, "age"),
        (7, "name"),
        (8, "email"),
        (9, "birth_year"),
    }
    assert "Unknown country “Atlantis”" in page
    assert "Duplicate of row 2." in page
    confirm(coordinator_client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert Person.objects.count() == 0
    assert Enrolment.objects.count() == 0


def test_a_clean_import_writes_all_rows_and_sets_the_age_band(coordinator_client, cmac):
    session = SessionFactory()
    data = csv_bytes(
        [
            row("Sokha Chan", email="sokha@example.org"),
            row("Dara Kim", sex="M", age="", birth_year="1995", country="Cambodia"),
            row("Nguyen Van An", country="VNM", org="Cambodian Mine Action Centre"),
        ]
    )
    batch_url = upload(coordinator_client, session, data)["Location"]
    batch = ImportBatch.objects.get()
    assert [r["action"] for r in batch.preview] == ["create", "create", "create"]

    response = confirm(coordinator_client, batch)

    assert response["Location"] == batch_url
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.created_count == 3
    assert session.enrolments.count() == 3
    dara = Person.objects.get(full_name="Dara Kim")
    assert (dara.sex, dara.nationality.code, dara.organisation) == ("male", "KH", cmac)
    assert dara.age_band == "25_34"  # born 1995, recorded in 2026
    assert Person.objects.get(full_name="Nguyen Van An").nationality.code == "VN"
    assert not batch.file  # the uploaded list (personal data) is not kept once written
    assert {r["person_id"] for r in batch.preview} == set(
        session.enrolments.values_list("person_id", flat=True)
    )


def test_importing_the_same_file_again_creates_nothing(coordinator_client, cmac):
    session = SessionFactory()
    data = csv_bytes([row("Sokha Chan", email="sokha@example.org"), row("Dara Kim")])
    upload(coordinator_client, session, data)
    confirm(coordinator_client, ImportBatch.objects.get())

    upload(coordinator_client, session, data)
    second = ImportBatch.objects.latest("pk")
    assert [r["action"] for r in second.preview] == ["enrolled", "enrolled"]
    confirm(coordinator_client, second)

    second.refresh_from_db()
    assert second.status == ImportBatch.Status.DONE
    assert second.created_count == 0
    assert Person.objects.count() == 2
    assert Enrolment.objects.count() == 2


def test_rows_match_people_on_record_by_email_or_by_name_and_country(coordinator_client, cmac):
    session = SessionFactory()
    by_email = PersonFactory(full_name="Sokha CHAN", email="Sokha@Example.org", nationality="KH")
    by_name = PersonFactory(full_name="Dara Kim", nationality="KH")
    PersonFactory(full_name="Vanna Lim", nationality="TH")  # same name, other country
    data = csv_bytes(
        [row("S. Chan", email="sokha@example.org"), row("dara  kim"), row("Vanna Lim")]
    )
    upload(coordinator_client, session, data)
    batch = ImportBatch.objects.get()

    assert [(r["action"], r["person_id"]) for r in batch.preview] == [
        ("match", by_email.pk),
        ("match", by_name.pk),
        ("create", None),
    ]


def test_a_cp1252_file_separated_by_semicolons_imports(coordinator_client, cmac):
    session = SessionFactory()
    data = csv_bytes(
        [row("José Müller", country="Colombia", org=""), row("Ana Peña", country="CO", org="")],
        sep=";",
        encoding="cp1252",
    )
    upload(coordinator_client, session, data)
    batch = ImportBatch.objects.get()
    assert (batch.encoding, batch.separator, batch.errors) == ("cp1252", ";", [])

    confirm(coordinator_client, batch)

    assert set(Person.objects.values_list("full_name", flat=True)) == {"José Müller", "Ana Peña"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_as_excel_saves_unicode_text_imports(coordinator_client, cmac, encoding):
    """Excel's "Unicode text": UTF-16 with its byte order mark, columns separated by tabs."""
    session = SessionFactory()
    names = ["Nguyễn Văn An", "Олена Шевченко", "محمد الأحمد", "ສົມພອນ ວົງສາ"]
    text = csv_bytes([row(name) for name in names], sep="\t").decode()
    data = "\ufeff".encode(encoding) + text.encode(encoding)

    upload(coordinator_client, session, data, name="participants.txt")
    batch = ImportBatch.objects.get()
    assert (batch.encoding, batch.separator, batch.errors) == ("utf-16", "\t", [])
    confirm(coordinator_client, batch)

    assert set(Person.objects.values_list("full_name", flat=True)) == set(names)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("header.csv", csv_bytes([])),
        ("blank-rows.csv", csv_bytes([[""] * len(HEADER), []])),
        ("header.xlsx", xlsx_bytes([])),
    ],
    ids=["csv header only", "csv blank rows", "xlsx header only"],
)
def test_a_file_with_column_names_and_no_participants_is_refused(coordinator_client, name, data):
    session = SessionFactory()

    response = upload(coordinator_client, session, data, name=name)

    assert response.status_code == 400
    assert "no participants" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_checked_import_is_discarded_with_its_file_and_saves_nobody(coordinator_client, cmac):
    session = SessionFactory()
    upload(coordinator_client, session, csv_bytes([row("Sokha Chan"), row("Dara Keo")]))
    batch = ImportBatch.objects.get()
    stored = batch.file.name
    page = coordinator_client.get(batch.get_absolute_url()).content.decode()
    assert "Discard this import" in page

    response = coordinator_client.post(
        reverse("trainings:import-discard", args=[batch.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert "was discarded: nobody was saved from it" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not batch.file.storage.exists(stored)
    assert not Person.objects.exists()


def test_a_saved_import_cannot_be_discarded(coordinator_client, cmac):
    session = SessionFactory()
    upload(coordinator_client, session, csv_bytes([row("Sokha Chan")]))
    batch = ImportBatch.objects.get()
    confirm(coordinator_client, batch)

    response = coordinator_client.post(
        reverse("trainings:import-discard", args=[batch.pk]), follow=True
    )

    assert "cannot be discarded" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Enrolment.objects.filter(session=session).count() == 1


def test_a_formula_with_no_value_saved_is_reported_as_a_formula(coordinator_client, cmac):
    """A spreadsheet written by a program that does not compute formulas (openpyxl here)."""
    session = SessionFactory()
    data = xlsx_bytes(
        [
            ['=CONCAT(L2," ",M2)', "", "female", 34, None, "KH", "CMAC", "", "", "", "yes"],
            ["Dara Keo", "", "male", "=40-2", None, "KH", "CMAC", "", "", "", "yes"],
        ]
    )

    upload(coordinator_client, session, data, name="list.xlsx")

    batch = ImportBatch.objects.get()
    assert [(e["row"], e["column"], e["code"]) for e in batch.errors] == [
        (2, "name", "formula"),
        (3, "age", "formula"),
    ]
    page = coordinator_client.get(batch.get_absolute_url()).content.decode()
    assert "holds a formula (=CONCAT(L2,&quot; &quot;,M2)) and no value" in page
    assert "The name is missing" not in page
    # In Arabic the formula is isolated from the sentence's direction, so it is not reversed.
    arabic = coordinator_client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar")
    assert "\u2068=CONCAT(L2,&quot; &quot;,M2)\u2069" in arabic.content.decode()


def test_an_overlong_value_is_refused_and_shortened_in_the_preview(coordinator_client, cmac):
    session = SessionFactory()
    name, sex = "Nguyễn " * 15_000, "f" * 50_000
    upload(coordinator_client, session, csv_bytes([row(name), [*row("Dara Keo")[:2], sex]]))

    batch = ImportBatch.objects.get()
    assert [(e["row"], e["code"]) for e in batch.errors] == [
        (2, "name_too_long"),
        (3, "unknown_sex"),
    ]
    page = coordinator_client.get(batch.get_absolute_url()).content.decode()
    assert "The name is longer than 200 characters" in page
    assert "Nguyễn " * 11 in page  # the start of it, to recognise the row
    assert "Nguyễn " * 20 not in page and "f" * 100 not in page
    assert len(page) < 50_000


def test_headers_are_matched_whatever_their_case_spacing_or_common_alias(coordinator_client, cmac):
    session = SessionFactory()
    data = csv_bytes(
        [["Sokha Chan", "F", "Cambodia"]], header=[" Full Name ", "GENDER", "Nationality"]
    )
    upload(coordinator_client, session, data)
    confirm(coordinator_client, ImportBatch.objects.get())

    person = Person.objects.get()
    assert (person.full_name, person.sex, person.nationality.code) == ("Sokha Chan", "female", "KH")


def test_an_xlsx_file_imports(coordinator_client, cmac):
    session = SessionFactory()
    data = xlsx_bytes([["Sokha Chan", "", "female", 34, None, "KH", "CMAC", "", "", "", "yes"]])
    upload(coordinator_client, session, data, name="list.xlsx")
    confirm(coordinator_client, ImportBatch.objects.get())

    assert session.enrolments.get().person.full_name == "Sokha Chan"


def test_the_template_downloads_hold_the_expected_header(coordinator_client):
    csv_response = coordinator_client.get(reverse("trainings:import-template", args=["csv"]))
    xlsx_response = coordinator_client.get(reverse("trainings:import-template", args=["xlsx"]))

    assert csv_response.content.decode().splitlines()[0] == ",".join(HEADER)
    sheet = load_workbook(io.BytesIO(xlsx_response.content), read_only=True).active
    assert [c.value for c in next(sheet.iter_rows())] == HEADER


def _zip_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    return output.getvalue()


def _huge_sheet() -> bytes:
    return xlsx_bytes(
        [["Person", "KH"] for _ in range(imports.MAX_ROWS + 5)], header=["name", "country"]
    )


def _wide_csv() -> bytes:
    return (",".join(["name"] + [f"c{i}" for i in range(60)]) + "\n").encode()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bomb.xlsx", _zip_bomb, "unpacks to far more data"),
        ("huge.xlsx", _huge_sheet, "more than 20,000 rows"),
        ("fake.xlsx", lambda: b"name,sex\nSokha,female\n", "not an Excel workbook"),
        ("scan.csv", lambda: b"%PDF-1.7\n\x00\x01binary", "not a CSV text file"),
        ("wide.csv", lambda: _wide_csv(), "more than 50 columns"),
        ("big.csv", lambda: b"name\n" + b"x" * (5 * 1024 * 1024 + 10), "larger than 5 MB"),
        ("list.csv", lambda: b"who,where\nSokha,KH\n", "“name” column"),
    ],
)  # fmt: skip
def test_hostile_or_unreadable_files_are_refused_with_a_message(
    coordinator_client, name, make, message
):
    session = SessionFactory()

    response = upload(coordinator_client, session, make(), name=name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_large_import_is_written_by_the_worker(client, coordinator, celery_worker):
    OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC")
    session = SessionFactory()
    EnrolmentFactory(session=session, person=PersonFactory(full_name="Person 0", nationality="KH"))
    count = imports.LARGE_IMPORT_ROWS + 100
    client.force_login(coordinator)
    upload(client, session, csv_bytes([row(f"Person {i}") for i in range(count)]))
    batch = ImportBatch.objects.get()
    assert batch.errors == []

    confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PROCESSING
    status_page = client.get(reverse("trainings:import-detail", args=[batch.pk]))
    assert "<progress" in status_page.content.decode()
    deadline = time.monotonic() + 60
    while batch.status == ImportBatch.Status.PROCESSING and time.monotonic() < deadline:
        time.sleep(0.3)
        batch.refresh_from_db()

    assert batch.status == ImportBatch.Status.DONE
    assert (batch.created_count, batch.matched_count) == (count - 1, 1)
    assert session.enrolments.count() == count
    # Delivered twice (a worker lost mid-task): the second run writes nothing.
    assert imports.import_batch_write(batch_id=batch.pk) is False
    assert session.enrolments.count() == count
