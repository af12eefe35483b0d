"""File writers: rows to CSV or XLSX, an HTML document to PDF. Memory stays flat in the rows.

Rows are written as they arrive from the database; `on_chunk` is called every CHUNK_SIZE rows
(and once at the end) so the caller can record progress.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: cells hold UTC, and the header says so.
        return value.astimezone(datetime.UTC).replace(tzinfo=None)
    if isinstance(value, str):
        # Control characters are not allowed in the XML of a workbook.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
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
    # Write-only: each row goes to a temporary file as it is appended, with inline strings.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append([_xlsx_value(header) for header in headers])
    count = 0
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
        count += 1
        if count % CHUNK_SIZE == 0:
            on_chunk(count)
    workbook.save(target)
    on_chunk(count)
    return count


def _sheet_title(title: str) -> str:
    # Excel limits sheet names to 31 characters and forbids a few.
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return cleaned[:31] or "Export"


def _refuse_url(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # Reports are self-contained; never let a value in them make the worker fetch something.
    raise ValueError(f"External resources are not allowed in reports: {url[:100]}")


def write_pdf(target: IO[bytes], template: str, context: dict[str, Any]) -> None:
    from weasyprint import HTML

    html = render_to_string(template, context)
    HTML(string=html, url_fetcher=_refuse_url).write_pdf(target=target)
