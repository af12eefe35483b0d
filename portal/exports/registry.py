"""The kinds of report users can export. Each app registers its own in AppConfig.ready.

A kind says who may run it, which formats it comes in, which parameters it takes (a form, so
the page and the service validate them the same way), and where its content comes from:
`rows` for tables (CSV, XLSX), `document` for summary reports (PDF), `files` for archives
(ZIP) of files made one at a time (a session's certificates, say).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from portal.models import User


class Format(TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    PDF = "pdf", _("PDF")
    ZIP = "zip", _("ZIP")


TABLE_FORMATS = (Format.CSV, Format.XLSX)
ARCHIVE_FORMATS = (Format.ZIP,)

CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.PDF: "application/pdf",
    Format.ZIP: "application/zip",
}


@dataclass(frozen=True)
class Rows:
    """A table to export: headers, the rows (streamed, never a list), and how many there are."""

    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    count: int


@dataclass(frozen=True)
class Document:
    """A report rendered from an HTML template to PDF."""

    template: str
    context: dict[str, Any]
    title: str


# A file's content, or a function that makes it when its turn comes (so only one is in memory).
FileContent = bytes | Callable[[], bytes]


@dataclass(frozen=True)
class Files:
    """Files to put in an archive: (name in the archive, content) pairs, streamed, and how many
    there are."""

    files: Iterable[tuple[str, FileContent]]
    count: int


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str | Promise
    description: str | Promise
    # Who may run it: a function of the user, e.g. a rules predicate.
    allowed: Callable[[User], bool]
    formats: Sequence[Format]
    # Base of the downloaded file's name, e.g. "organisations" -> organisations-2025-06-01.csv,
    # or a function of the options that gives it (a session's certificates name the session).
    filename: str | Callable[[dict[str, Any]], str]
    rows: Callable[[dict[str, Any]], Rows] | None = None
    document: Callable[[dict[str, Any]], Document] | None = None
    files: Callable[[dict[str, Any]], Files] | None = None
    parameters_form: type[forms.Form] | None = None
    # Offered on the Reports page. False for a kind asked for from its own page (a filtered
    # list, say), whose options make no sense without it; its jobs still appear there.
    listed: bool = True
    # Seconds a build may take, when longer than build_export's 30 minutes (a ZIP of 20,000
    # certificates rendered one by one). Keep it under the broker's visibility timeout.
    time_limit: int | None = None

    def __post_init__(self) -> None:
        table = set(self.formats) & set(TABLE_FORMATS)
        if table and self.rows is None:
            raise ValueError(f"Export kind {self.name!r} offers {sorted(table)} but has no rows.")
        if Format.PDF in self.formats and self.document is None:
            raise ValueError(f"Export kind {self.name!r} offers PDF but has no document.")
        if Format.ZIP in self.formats and self.files is None:
            raise ValueError(f"Export kind {self.name!r} offers ZIP but has no files.")

    def filename_for(self, parameters: dict[str, Any]) -> str:
        return self.filename(parameters) if callable(self.filename) else self.filename

    def clean_parameters(self, parameters: dict[str, Any]) -> dict[str, Any]:
        """The parameters as the kind will use them, or a ValidationError saying what is wrong."""
        if self.parameters_form is None:
            if parameters:
                raise ValidationError(
                    gettext("This report takes no options."), code="unexpected_parameters"
                )
            return {}
        form = self.parameters_form(data=parameters)
        if not form.is_valid():
            raise ValidationError(
                [
                    # Translators: an option of a report and what is wrong with it.
                    gettext("%(option)s: %(error)s")
                    % {"option": form.fields[name].label, "error": error}
                    if name in form.fields
                    else str(error)
                    for name, errors in form.errors.items()
                    for error in errors
                ],
                code="invalid_parameters",
            )
        # Stored as JSON: keep only what was given, as plain values.
        return {name: value for name, value in form.cleaned_data.items() if value not in ("", None)}


_kinds: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> ExportKind:
    _kinds[kind.name] = kind
    return kind


def get_kind(name: str) -> ExportKind | None:
    return _kinds.get(name)


def all_kinds() -> list[ExportKind]:
    return sorted(_kinds.values(), key=lambda kind: str(kind.label))


def kinds_for_user(user: User) -> list[ExportKind]:
    """The kinds offered to this person on the Reports page."""
    return [kind for kind in all_kinds() if kind.listed and kind.allowed(user)]
