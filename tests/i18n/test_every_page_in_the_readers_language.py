"""Every page of the site, as a visitor and as each demo role, in each shipped language: no
English interface text (content and proper names allowed).

Two nets. The first finds text that equals one of our English messages although the language
has a different translation: a string marked but shown untranslated (frozen at import, rendered
in the wrong language, stored as English). The second, on the pages in Arabic and Ukrainian
(other scripts, so a stray English word stands out), finds Latin-script words that are neither
data (names, titles, acronyms of the demo records) nor marked content: strings never marked for
translation at all. The templates are the same in every language, so what the second net finds
in Arabic would be English in French too.
"""

import re
from io import StringIO

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

from portal.models import User
from tests.i18n.crawl import crawl

pytestmark = pytest.mark.django_db

SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
ROLES = [None, "admin", "editor", "staff", "coordinator", "member", "partner", "secretariat"]
START = [
    "/",
    "/practices/",
    "/trainings/",
    "/trainings/statistics/",
    "/platform/",
    "/platform/requests/",
    "/platform/members/",
    "/notifications/",
    "/notifications/preferences/",
    "/exports/",
    "/accounts/profile/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
LATIN_WORD = re.compile(r"[A-Za-z][a-z]{2,}")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\{.*?\}\}")
OUR_APPS = ["portal", "notifications", "exports", "knowledge", "trainings", "platform_africa"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"))


def english_messages(language: str) -> tuple[set[str], list[re.Pattern]]:
    """Our English messages whose translation in `language` differs from them."""
    plain, patterns = set(), []
    for entry in catalogue(language).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            text = " ".join(msgid.split())
            words = LATIN_WORD.findall(PLACEHOLDER.sub("", text))
            if "<" in text or text in translations or not words:
                continue
            if "%(" in text or "{{" in text:
                # "%(title)s for %(organisation)s" would match any title with "for" in it.
                if sum(map(len, words)) < 12:
                    continue
                pattern = re.escape(text)
                pattern = re.sub(r"%\\\(\w+\\\)[sdif]|\\\{\\\{.*?\\\}\\\}", ".+?", pattern)
                patterns.append(re.compile(f"^{pattern}$"))
            else:
                plain.add(text)
    return plain, patterns


def data_words() -> set[str]:
    """Every word people entered or the demo loaded: names, titles, acronyms, descriptions.

    Practices are left out but for their titles: their text is marked with its own language."""
    words: set[str] = set()
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            texts = models.CharField | models.TextField | models.EmailField | models.SlugField
            if label == "knowledge":
                texts = models.CharField | models.SlugField
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, texts) and not field.choices
            ]
            for row in model.objects.values_list(*fields) if fields else []:
                for value in row:
                    words.update(LATIN_WORD.findall(str(value or "")))
    return words


def translated_words(language: str) -> set[str]:
    words: set[str] = set()
    for entry in catalogue(language).translated_entries():
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            words.update(LATIN_WORD.findall(PLACEHOLDER.sub("", text)))
    return words


def sign_in(client, role: str | None, language: str) -> None:
    client.logout()
    client.cookies.clear()
    client.cookies["django_language"] = language
    if role:
        user = User.objects.get(email=f"{role}@demo.mineaction.org")
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        client.force_login(user)


@pytest.mark.parametrize("language", SHIPPED)
def test_no_page_shows_english_interface_text(client, language):
    call_command("seed_demo", stdout=StringIO())
    plain, patterns = english_messages(language)
    allowed = set()
    if language in {"ar", "uk"}:
        # Names, and what the translators kept in Latin script on purpose (PDF, Excel, Ctrl...).
        allowed = data_words() | translated_words(language)
    found: dict[str, set[str]] = {}
    pages = 0
    for role in ROLES:
        sign_in(client, role, language)
        for url, texts in crawl(client, language, START):
            pages += 1
            for text in texts:
                english = text in plain or any(pattern.match(text) for pattern in patterns)
                if not english and allowed:
                    english = any(word not in allowed for word in LATIN_WORD.findall(text))
                if english:
                    found.setdefault(text, set()).add(f"{role or 'visitor'} {url}")
    assert pages > 100
    report = "\n".join(
        f"  {text!r} on {sorted(where)[:3]}" for text, where in sorted(found.items())
    )
    assert not found, f"English on {language} pages:\n{report}"
