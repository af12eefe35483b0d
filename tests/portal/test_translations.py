"""The catalogues: complete in every shipped language, compiled as committed, and consistent
with the mine action glossary (locale/glossary.csv)."""

import csv
import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{\{\s*([\w.]+)\s*\}\}")


def catalogue(language: str, root: Path = LOCALE) -> polib.POFile:
    return polib.pofile(str(root / language / "LC_MESSAGES" / "django.po"))


def described(entries) -> str:
    return "\n".join(f"  {entry.msgid!r}" for entry in entries[:40])


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The committed catalogues brought up to date with the code, as `makemessages` would, in a
    copy: makemessages writes to the `locale` folder beside the code it reads, so it reads the
    code through links from a folder whose `locale` is a copy, and the committed catalogues are
    never touched by a test run."""
    import os

    workdir = tmp_path_factory.mktemp("extract")
    base = Path(settings.BASE_DIR)
    for source in base.iterdir():
        if source.name != "locale" and not source.name.startswith("."):
            (workdir / source.name).symlink_to(source)
    shutil.copytree(LOCALE, workdir / "locale")
    original, cwd = settings.LOCALE_PATHS, Path.cwd()
    settings.LOCALE_PATHS = [workdir / "locale"]
    os.chdir(workdir)
    try:
        call_command("makemessages", locale=SHIPPED, verbosity=0, symlinks=True)
    finally:
        settings.LOCALE_PATHS = original
        os.chdir(cwd)
    return workdir / "locale"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_string_in_the_code_is_translated(extracted: Path, language: str) -> None:
    po = catalogue(language, extracted)
    missing = po.untranslated_entries() + po.fuzzy_entries()
    assert len(po) > 1000
    assert not missing, (
        f"{len(missing)} strings have no {language} translation. Run `make messages`, translate "
        f"them in locale/{language}/LC_MESSAGES/django.po, then `make messages` again:\n"
        + described(missing)
    )


@pytest.mark.parametrize("language", SHIPPED)
def test_committed_catalogue_is_up_to_date_with_the_code(extracted: Path, language: str) -> None:
    committed = {entry.msgid for entry in catalogue(language)}
    current = {entry.msgid for entry in catalogue(language, extracted)}
    assert current == committed, (
        "locale/ is out of step with the code; run `make messages`. "
        f"New: {sorted(current - committed)[:20]} Gone: {sorted(committed - current)[:20]}"
    )


@pytest.mark.parametrize("language", SHIPPED)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    po = catalogue(language)
    mo_path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                assert compiled._catalog[(key, index)] == text, "run `make messages`"
        else:
            assert compiled._catalog[key] == entry.msgstr, "run `make messages`"


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_every_placeholder(language: str) -> None:
    plural_forms = catalogue(language).metadata["Plural-Forms"]
    nplurals = int(re.search(r"nplurals=(\d)", plural_forms).group(1))
    broken = []
    for entry in catalogue(language).translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid
            wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
            # A form for one item may say "one" instead of showing the number.
            texts = list(entry.msgstr_plural.values())
            if any(set(PLACEHOLDER.findall(text)) - wanted for text in texts):
                broken.append(entry)
        elif set(PLACEHOLDER.findall(entry.msgstr)) != wanted:
            broken.append(entry)
    assert not broken, f"{language}: placeholders lost or invented in:\n" + described(broken)


def glossary() -> list[dict[str, str]]:
    with (LOCALE / "glossary.csv").open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


def test_glossary_covers_every_shipped_language() -> None:
    terms = glossary()
    assert len(terms) >= 20
    for term in terms:
        for language in SHIPPED:
            assert term[language], f"{term['en']!r} has no {language} term"


@pytest.mark.parametrize("language", SHIPPED)
def test_glossary_terms_are_translated_consistently(language: str) -> None:
    """A message using a glossary term translates it as the glossary says. The longest term
    wins: "humanitarian mine action" is checked as itself, not also as "mine action"."""
    terms = sorted(glossary(), key=lambda term: -len(term["en"]))
    patterns = [
        (term, re.compile(rf"(?<![\w-]){re.escape(term['en'])}(?!\w)", re.IGNORECASE))
        for term in terms
    ]
    inconsistent = []
    for entry in catalogue(language).translated_entries():
        english = entry.msgid
        texts = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for term, pattern in patterns:
            if not pattern.search(english):
                continue
            english = pattern.sub("\x00", english)
            variants = [variant.casefold() for variant in term[language].split("|")]
            if not all(any(v in text.casefold() for v in variants) for text in texts):
                inconsistent.append(f"{term['en']!r} → {term[language]!r} in {entry.msgid!r}")
    assert not inconsistent, "\n".join(inconsistent[:40])
