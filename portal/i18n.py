"""Text that is stored now and read later, by someone else, in their own language.

A notification's title is written by a worker (or in another person's request) and read by its
recipient in the recipient's language, maybe months later and after they switched language. So
what is stored is the English message id and its parameters, never the translated text:
`Phrase.render()` translates in whatever language is active when it is shown or emailed.

Parameters that are themselves translatable (a status label, a report kind) are stored as their
message ids too, so "“Demining dogs” is now Closed" reads "... est désormais Clôturée" in
French. Proper names and titles of content pass through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise


def msgid(text: str | Promise) -> str:
    """The English message id behind a lazy translation (or a plain string, unchanged)."""
    with translation.override(None):
        return str(text)


@dataclass(frozen=True)
class Phrase:
    """A translatable message with named parameters, stored as JSON and rendered on reading.

    `Phrase(gettext_lazy("New request: %(title)s"), title=request.title)`: pass the message
    through `gettext_lazy` (so makemessages finds it); lazy parameters are translated too.
    """

    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, message: str | Promise, /, **params: Any) -> None:
        object.__setattr__(self, "message", msgid(message))
        stored = {
            name: {"msgid": msgid(value)} if isinstance(value, Promise) else _plain(value)
            for name, value in params.items()
        }
        object.__setattr__(self, "params", stored)

    def render(self) -> str:
        translated = translation.gettext(self.message) if self.message else ""
        if not self.params:
            return translated
        values = {
            name: translation.gettext(value["msgid"]) if isinstance(value, dict) else value
            for name, value in self.params.items()
        }
        try:
            return translated % values
        except (KeyError, TypeError, ValueError):
            # A translation that lost a placeholder must not break the page: use the English.
            return self.message % values

    def to_json(self) -> dict[str, Any]:
        return {"message": self.message, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Phrase | None:
        if not data or not data.get("message"):
            return None
        phrase = cls.__new__(cls)
        object.__setattr__(phrase, "message", data["message"])
        object.__setattr__(phrase, "params", dict(data.get("params") or {}))
        return phrase

    def __str__(self) -> str:
        return self.render()


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | bool) or value is None else str(value)
