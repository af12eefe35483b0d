"""The streaming XLSX writer: what a spreadsheet user sees when the file is opened."""

import csv
import datetime
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portal.exports.writers import XLSX_MAX_TEXT, write_xlsx


def _naive(*parts: int) -> datetime.datetime:
    # What a cell holds: Excel has no time zones.
    return datetime.datetime(*parts, tzinfo=datetime.UTC).replace(tzinfo=None)


HEADERS = ["Name", "Start", "Seen", "People", "Score", "Ratio", "Active", "Note"]
ROWS = [
    (
        "Sokha Chan ស៊ុខា",
        datetime.date(2024, 3, 1),
        datetime.datetime(
            2024, 3, 1, 9, 30, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
        ),
        12,
        Decimal("72.50"),
        0.25,
        True,
        None,
    ),
    (
        "አበበ ቢቂላ",
        datetime.date(1999, 12, 31),
        None,
        0,
        Decimal("-3"),
        -1.5e-7,
        False,
        "a < b & c > d",
    ),
    (None, None, _naive(2030, 1, 1), None, None, None, None, '=HYPERLINK("x")'),
]


def _write(headers, rows, *, title="Participants"):
    target = io.BytesIO()
    calls = []
    count = write_xlsx(target, headers, rows, calls.append, title=title)
    return target, count, calls


def _read(target):
    target.seek(0)
    workbook = load_workbook(target)
    sheet = workbook.worksheets[0]
    return sheet, [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_values_come_back_with_their_types():
    target, count, _ = _write(HEADERS, ROWS)
    assert count == 3
    sheet, (header, first, second, third) = _read(target)
    assert sheet.title == "Participants"
    assert header == tuple(HEADERS)
    # Dates are dates (formatted as such), times in UTC, numbers are numbers.
    assert first == (
        "Sokha Chan ស៊ុខា",
        _naive(2024, 3, 1),
        _naive(2024, 3, 1, 2, 30, 15),
        12,
        72.5,
        0.25,
        True,
        None,
    )
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd h:mm:ss"
    assert sheet["D2"].data_type == "n" and sheet["E2"].data_type == "n"
    assert second == (
        "አበበ ቢቂላ",
        _naive(1999, 12, 31),
        None,
        0,
        -3,
        -1.5e-7,
        False,
        "a < b & c > d",
    )
    # Empty cells stay in their own column: nothing shifts left.
    assert third == (
        None,
        None,
        _naive(2030, 1, 1),
        None,
        None,
        None,
        None,
        '\'=HYPERLINK("x")',
    )


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_stays_text(value):
    target, _, _ = _write([value], [(value,)])
    sheet, rows = _read(target)
    assert rows == [("'" + value,), ("'" + value,)]
    assert sheet["A2"].data_type == "s"


def test_control_characters_are_dropped_and_spaces_kept():
    target, _, _ = _write(
        ["x"], [("a\x00b\x07c\x1fd\ufffe",), ("  padded  ",), ("line\nbreak",), ("",)]
    )
    _, rows = _read(target)
    assert rows[1:] == [("abcd",), ("  padded  ",), ("line\nbreak",), (None,)]


def test_long_text_is_kept_up_to_excels_limit():
    long = "ሀ" * 10_000 + "x" * 30_000
    target, _, _ = _write(["x"], [("a" * 20_000,), (long,)])
    _, rows = _read(target)
    assert rows[1] == ("a" * 20_000,)
    assert rows[2] == (long[:XLSX_MAX_TEXT],)


def test_other_types_are_written_as_text_or_numbers():
    import uuid

    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    target, _, _ = _write(
        ["a", "b", "c", "d"], [(key, float("nan"), datetime.time(6, 30), Decimal("Infinity"))]
    )
    sheet, rows = _read(target)
    assert rows[1] == (str(key), "nan", datetime.time(6, 30), "Infinity")


def test_ragged_rows_and_sheet_title_are_handled():
    target, count, _ = _write(["a"], [(1, 2, 3), (), ("x",)], title='Sessions & "people" [2024]')
    sheet, rows = _read(target)
    assert count == 3
    assert sheet.title == 'Sessions & "people"  2024'
    assert rows[1:] == [(1, 2, 3), (None, None, None), ("x", None, None)]


def test_progress_every_chunk_and_at_the_end_with_the_sheet_streamed():
    target, count, calls = _write(["n"], ((n,) for n in range(4001)))
    assert count == 4001
    assert calls == [2000, 4000, 4001]
    _, rows = _read(target)
    assert rows[-1] == (4000,) and len(rows) == 4002
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None
        assert "xl/worksheets/sheet1.xml" in package.namelist()


def test_libreoffice_converts_the_workbook(tmp_path: Path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the conversion check needs it")
    target, _, _ = _write(HEADERS, ROWS)
    source = tmp_path / "report.xlsx"
    source.write_bytes(target.getvalue())
    subprocess.run(  # noqa: S603 - the LibreOffice found on PATH, our own temporary file
        [office, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    with (tmp_path / "report.csv").open(encoding="utf-8", errors="replace") as converted:
        rows = list(csv.reader(converted))
    assert rows[0] == HEADERS
    assert rows[1][0] == "Sokha Chan ស៊ុខា" and rows[1][1] == "2024-03-01"
    assert rows[2][0] == "አበበ ቢቂላ" and rows[2][7] == "a < b & c > d"
