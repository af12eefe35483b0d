"""File writers: rows to CSV or XLSX, an HTML document to PDF, files to a ZIP archive. Memory
stays flat in the rows and the files.

Rows are written as they arrive from the database; `on_chunk` is called every CHUNK_SIZE rows
(and once at the end) so the caller can record progress. An archive calls it after every file:
a file may take a worker a second to make (a certificate rendered to PDF), a row never does.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

if TYPE_CHECKING:
    from portal.exports.registry import FileContent

CHUNK_SIZE = 2000

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

ProgressCallback = Callable[[int], None]


def neutralise(value: Any) -> Any:
    """The value, with text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    # Called for every cell: text, the commonest, is checked first and inline.
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    return value


def write_csv(
    target: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    on_chunk: ProgressCallback,
) -> int:
    # UTF-8 with a byte-order mark, so Excel shows accented names correctly.
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text)
        writer.writerow([_csv_value(header) for header in headers])
        count = 0
        for row in rows:
            writer.writerow([_csv_value(value) for value in row])
            count += 1
            if count % CHUNK_SIZE == 0:
                on_chunk(count)
        text.flush()
    finally:
        # The caller owns the underlying file; detach so closing the wrapper leaves it open.
        text.detach()
    on_chunk(count)
    return count


def write_xlsx(
    target: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    on_chunk: ProgressCallback,
    *,
    title: str = "",
) -> int:
    """Stream the rows into a one-sheet workbook (Office Open XML), a chunk of rows at a time.

    The sheet XML is written straight into the zip as it is built: memory stays flat and no
    per-cell objects are made. Text is stored inline, dates as Excel serial numbers with a
    date format, and datetimes in UTC (Excel has no time zones; the header says so).
    """
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=XLSX_COMPRESSION) as zf:
        for name, part in _XLSX_PARTS.items():
            zf.writestr(name, part)
        zf.writestr("xl/workbook.xml", _XLSX_WORKBOOK % _xml_text(_sheet_title(title), quote=True))
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_XLSX_SHEET_START)
            starts = _cell_starts(0, len(headers))
            sheet.write(_xlsx_row(1, headers, starts).encode())
            count = 0
            chunk: list[str] = []
            for row in rows:
                count += 1
                chunk.append(_xlsx_row(count + 1, row, starts))
                if count % CHUNK_SIZE == 0:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
                    on_chunk(count)
            sheet.write("".join(chunk).encode())
            sheet.write(_XLSX_SHEET_END)
    on_chunk(count)
    return count


def write_zip(
    target: IO[bytes],
    files: Iterable[tuple[str, FileContent]],
    on_chunk: ProgressCallback,
) -> int:
    """Write the files into a ZIP archive, one at a time, as they are made. Returns how many.

    Stored, not deflated: the files are PDFs, compressed already (200 certificates: 4.3 MB
    stored, 4.1 MB deflated). Archives past 4 GB or 65,535 files use ZIP64.
    """
    names: set[str] = set()
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for name, content in files:
            if name in names:
                # zipfile would only warn, and most tools then unpack one of the two.
                raise ValueError(f"Two files in the archive are named {name!r}.")
            names.add(name)
            archive.writestr(name, content() if callable(content) else content)
            count += 1
            on_chunk(count)
    if not count:
        on_chunk(0)
    return count


# Deflate level for workbooks. Measured on 200,000 participant rows: level 1 writes 77,000
# rows/s (23.0 MB), 3 72,000 rows/s (21.8 MB), the default 6 42,000 rows/s (19.5 MB).
XLSX_COMPRESSION = 3
# Excel refuses (or "repairs") a workbook with a longer text cell.
XLSX_MAX_TEXT = 32_767
# Characters that XML 1.0 does not allow (openpyxl's list, and the two non-characters).
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel counts days from 1899-12-30 (and believes 1900 was a leap year: see _xlsx_date).
_EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()
# Indexes into the cellXfs of xl/styles.xml (in _XLSX_PARTS).
_DATE_STYLE, _DATETIME_STYLE, _TIME_STYLE = 1, 2, 3


def _xml_text(value: str, *, quote: bool = False) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace('"', "&quot;") if quote else value


def _xlsx_row(number: int, values: Sequence[Any], starts: list[str]) -> str:
    # Called for every row: one dictionary look-up per cell picks the writer of the cell, which
    # returns what follows the cell reference. Empty cells are left out. (There are
    # more starts than values when a row is shorter than the widest one so far.)
    if len(values) > len(starts):
        starts.extend(_cell_starts(len(starts), len(values)))
    end = f'{number}"'
    cells = _XLSX_CELLS.get
    return (
        f'<row r="{number}">'
        + "".join(
            [
                start + end + (cells(type(value)) or _xlsx_other)(value)
                for start, value in zip(starts, values, strict=False)
                if value is not None
            ]
        )
        + "</row>"
    )


def _cell_starts(first: int, stop: int) -> list[str]:
    """The openings of the cells of columns first..stop-1 (0-based), up to the row number."""
    return [f'<c r="{get_column_letter(column + 1)}' for column in range(first, stop)]


def _xlsx_text(value: str) -> str:
    if XML_ILLEGAL_RE.search(value):
        value = XML_ILLEGAL_RE.sub("", value)
    if not value:
        return "/>"
    if value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    if len(value) > XLSX_MAX_TEXT:
        value = value[:XLSX_MAX_TEXT]
    if "&" in value or "<" in value or ">" in value or "\r" in value:
        # A carriage return is escaped too, or the reader would see a plain line feed.
        value = _xml_text(value).replace("\r", "&#13;")
    if value[0].isspace() or value[-1].isspace():
        return f' t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
    return f' t="inlineStr"><is><t>{value}</t></is></c>'


def _xlsx_int(value: int) -> str:
    return f"><v>{value}</v></c>"


def _xlsx_float(value: float) -> str:
    if math.isfinite(value):
        return f"><v>{value!r}</v></c>"
    return _xlsx_text(str(value))


def _xlsx_decimal(value: decimal.Decimal) -> str:
    if value.is_finite():
        return f"><v>{value}</v></c>"
    return _xlsx_text(str(value))


def _xlsx_bool(value: bool) -> str:
    return f' t="b"><v>{int(value)}</v></c>'


def _xlsx_date(value: datetime.date) -> str:
    days = value.toordinal() - _EXCEL_EPOCH
    if 0 < days <= 60:
        # Excel's day 60 is 29 February 1900, a day that never was.
        days -= 1
    return f' s="{_DATE_STYLE}"><v>{days}</v></c>'


def _xlsx_datetime(value: datetime.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return f' s="{_DATETIME_STYLE}"><v>{to_excel(value)!r}</v></c>'


def _xlsx_other(value: Any) -> str:
    # Subclasses of the types above, and the rarer types.
    if isinstance(value, datetime.datetime):
        return _xlsx_datetime(value)
    if isinstance(value, datetime.date):
        return _xlsx_date(value)
    if isinstance(value, datetime.time):
        return f' s="{_TIME_STYLE}"><v>{to_excel(value)!r}</v></c>'
    if isinstance(value, datetime.timedelta):
        return _xlsx_float(to_excel(value))
    if isinstance(value, bool):
        return _xlsx_bool(value)
    if isinstance(value, int):
        return _xlsx_int(value)
    if isinstance(value, float):
        return _xlsx_float(value)
    if isinstance(value, decimal.Decimal):
        return _xlsx_decimal(value)
    # Text and lazy translations, and anything else (a UUID, say) as its text.
    return _xlsx_text(str(value))


_XLSX_CELLS: dict[type, Callable[[Any], str]] = {
    str: _xlsx_text,
    int: _xlsx_int,
    float: _xlsx_float,
    decimal.Decimal: _xlsx_decimal,
    bool: _xlsx_bool,
    datetime.date: _xlsx_date,
    datetime.datetime: _xlsx_datetime,
}

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_PARTS = {
    "[Content_Types].xml": _XML_DECLARATION
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="rels" '
    + 'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/'
    + 'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    + 'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/'
    + 'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + "</Types>",
    "_rels/.rels": _XML_DECLARATION
    + f'<Relationships xmlns="{_PKG_REL_NS}">'
    + f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    + "</Relationships>",
    "xl/_rels/workbook.xml.rels": _XML_DECLARATION
    + f'<Relationships xmlns="{_PKG_REL_NS}">'
    + f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    + f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
    + "</Relationships>",
    # cellXfs: 0 general, 1 date, 2 date and time, 3 time (h:mm:ss, built-in 21).
    "xl/styles.xml": _XML_DECLARATION
    + f'<styleSheet xmlns="{_MAIN_NS}">'
    + '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    + '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    + '<fill><patternFill patternType="gray125"/></fill></fills>'
    + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + "</cellXfs>"
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    + "</styleSheet>",
}
_XLSX_WORKBOOK = (
    _XML_DECLARATION
    + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
    + '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_XLSX_SHEET_START = (
    _XML_DECLARATION
    + f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
    # The header row stays in view while scrolling.
    + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    + 'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    + "<sheetData>"
).encode()
_XLSX_SHEET_END = b"</sheetData></worksheet>"


def _sheet_title(title: str) -> str:
    # Excel limits sheet names to 31 characters and forbids a few.
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return cleaned[:31] or "Export"


FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_SCHEME = "portal-font:"


@cache
def _shipped_fonts() -> frozenset[str]:
    return frozenset(path.name for path in FONTS_DIR.glob("*.ttf"))


def pdf_url_fetcher(url: str, *args: Any, **kwargs: Any) -> Any:
    """Serve the fonts the project ships ("portal-font:PortalSans-Regular.ttf"), nothing else.

    Reports are self-contained: a value in them must never make the worker fetch a URL or read
    a file. A font is looked up by its exact file name, so no path can lead out of the folder.
    """
    from weasyprint.urls import URLFetcherResponse

    if url.startswith(FONT_SCHEME) and (name := url.removeprefix(FONT_SCHEME)) in _shipped_fonts():
        body = (FONTS_DIR / name).read_bytes()
        return URLFetcherResponse(url, body, {"Content-Type": "font/ttf"})
    raise ValueError(f"External resources are not allowed in reports: {url[:100]}")


def write_pdf(target: IO[bytes], template: str, context: dict[str, Any]) -> None:
    from weasyprint import HTML

    html = render_to_string(template, context)
    HTML(string=html, url_fetcher=pdf_url_fetcher).write_pdf(target=target)
