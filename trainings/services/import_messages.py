"""What the participant import tells the coordinator, written in the reader's language.

A batch's row errors are stored with it and read later: on the preview page, perhaps by
another coordinator, and the worker's re-check of a large file writes them in no one's
language. So each problem is stored as a code and its parameters (plain JSON), and the
sentence is written when the page is shown, with `ngettext` where a number meets a noun.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext


def _count(value: Any) -> str:
    return number_format(value, force_grouping=True)


# Values quoted from the file are shown as typed; row numbers and ages are not grouped.
# The words female, male, other, yes, no and the column names are what the file must hold:
# translators keep them in English (the template's columns are in English).
MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "not_xlsx": lambda p: gettext("This file is not an Excel workbook (.xlsx)."),
    "xlsx_damaged": lambda p: gettext("This Excel file is damaged and cannot be read."),
    "zip_bomb": lambda p: gettext(
        "This Excel file unpacks to far more data than a participant list: refused."
    ),
    "too_many_rows": lambda p: (
        ngettext(
            "The file has more than %(max)s row: split it into smaller files.",
            "The file has more than %(max)s rows: split it into smaller files.",
            p["max"],
        )
        % {"max": _count(p["max"])}
    ),
    "too_many_columns": lambda p: (
        ngettext(
            "The file has more than %(max)s column: use the template's columns.",
            "The file has more than %(max)s columns: use the template's columns.",
            p["max"],
        )
        % {"max": _count(p["max"])}
    ),
    "empty": lambda p: gettext("The file is empty."),
    "no_rows": lambda p: gettext(
        "The file has column names but no participants: add a row for each participant under"
        " the first row."
    ),
    "not_csv": lambda p: gettext(
        "This file is not a CSV text file. Save it as CSV or upload the .xlsx file."
    ),
    # Translators: %(error)s is the technical reason, in English, from the CSV reader.
    "csv_error": lambda p: gettext("The CSV file cannot be read: %(error)s") % p,
    "too_large": lambda p: (
        gettext("The file is larger than %(size)s MB: split it into smaller files.") % p
    ),
    "wrong_type": lambda p: gettext("Upload a .csv or .xlsx file (use the template)."),
    # Translators: “name” is the column name in the file: keep it in English.
    "no_name_column": lambda p: gettext(
        "The first row must hold the column names, with at least a “name” column."
    ),
    "name_missing": lambda p: gettext("The name is missing."),
    # Translators: %(formula)s is the spreadsheet formula as written, e.g. =CONCAT(B2," ",C2).
    "formula": lambda p: (
        gettext(
            "This cell holds a formula (%(formula)s) and no value: in the spreadsheet, copy the"
            " column and paste it as values, then upload the file again."
        )
        % p
    ),
    "name_too_long": lambda p: (
        ngettext(
            "The name is longer than %(max)s character.",
            "The name is longer than %(max)s characters.",
            p["max"],
        )
        % p
    ),
    # Translators: female, male and other are the values the file must hold: keep them.
    "unknown_sex": lambda p: (
        gettext("Unknown sex “%(value)s”: use female, male, other or leave it empty.") % p
    ),
    "bad_age": lambda p: gettext("The age must be a whole number between %(min)s and %(max)s.") % p,
    "bad_birth_year": lambda p: (
        gettext("The year of birth must be a year between %(first)s and %(last)s.") % p
    ),
    "unknown_country": lambda p: (
        gettext("Unknown country “%(value)s”: use its English name or ISO code (KH, KHM).") % p
    ),
    "unknown_organisation": lambda p: (
        gettext("Unknown organisation “%(value)s”: use its name or acronym as listed on the site.")
        % p
    ),
    "bad_email": lambda p: gettext("“%(value)s” is not an email address.") % p,
    # Translators: yes and no are the values the file must hold: keep them.
    "bad_consent": lambda p: gettext("Consent must be yes or no."),
    # Translators: %(row)s is the number of an earlier row of the same file.
    "duplicate_row": lambda p: gettext("Duplicate of row %(row)s.") % p,
}


# First-strong isolate ... pop directional isolate: a value quoted from the file keeps its own
# direction inside a right-to-left sentence (=CONCAT(B2," ",C2) is not shown backwards in Arabic).
ISOLATE = "\u2068%s\u2069"


def import_message(code: str, params: dict[str, Any] | None = None) -> str:
    """The sentence for a problem, in the active language."""
    params = params or {}
    if translation.get_language_bidi():
        params = {
            name: ISOLATE % value if isinstance(value, str) else value
            for name, value in params.items()
        }
    return MESSAGES[code](params)


def import_message_english(code: str, params: dict[str, Any] | None = None) -> str:
    """The English sentence, kept in the stored JSON for whoever reads it raw."""
    with translation.override(None):
        return import_message(code, params)


def error_text(error: dict[str, Any]) -> str:
    """A stored error's sentence in the reader's language (older rows hold only English)."""
    code = error.get("code")
    if code in MESSAGES:
        try:
            return import_message(code, error.get("params"))
        except (KeyError, TypeError, ValueError):
            pass
    return str(error.get("message", ""))
