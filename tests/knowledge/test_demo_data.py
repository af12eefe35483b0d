from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from knowledge.models import Outcome, Practice, Theme, UsefulMark

pytestmark = pytest.mark.django_db

COLOMBIA_SLUG = "colombia-non-technical-survey-cmac-exchange"


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", stdout=StringIO())


def counts() -> tuple[int, ...]:
    return (
        Practice.objects.count(),
        Theme.objects.count(),
        Outcome.objects.count(),
        UsefulMark.objects.count(),
        Practice.history.count(),
    )


def test_seeding_twice_adds_no_rows_and_no_history(seeded):
    before = counts()

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before


def test_seed_demo_reports_what_the_knowledge_base_holds(capsys):
    call_command("seed_demo")

    practices = Practice.objects.count()
    assert f"Knowledge base: {practices} practices, 16 themes" in capsys.readouterr().out


def test_at_least_25_practices_are_published_with_a_date(seeded):
    published = Practice.objects.published()

    assert published.count() >= 25
    assert not published.filter(published_at__isnull=True).exists()
    years = {practice.published_at.year for practice in published}
    assert {2024, 2025, 2026} <= years


def test_the_theme_taxonomy_is_in_place_and_every_practice_has_a_theme(seeded):
    assert Theme.objects.count() == 16
    assert Theme.objects.filter(slug="non-technical-survey").exists()
    assert not Practice.objects.filter(themes__isnull=True).exists()


def test_practices_come_in_several_languages_with_translations_linked(seeded):
    languages = set(Practice.objects.values_list("language", flat=True))

    assert {"en", "es", "fr", "pt"} <= languages
    assert Practice.objects.filter(language="es").count() >= 3
    spanish = Practice.objects.get(translation_of__slug=COLOMBIA_SLUG, language="es")
    assert "estudio no técnico" in spanish.title.lower()


def test_colombia_practice_shows_non_technical_survey_days_down_65_percent(seeded):
    practice = Practice.objects.get(slug=COLOMBIA_SLUG)

    assert "non-technical survey" in practice.title.lower()
    assert practice.countries == ["CO"]
    assert practice.visibility == Practice.Visibility.PUBLIC
    assert practice.themes.filter(slug="non-technical-survey").exists()
    assert practice.has_outcomes
    days = practice.outcomes.get(unit="days")
    assert (days.baseline, days.result) == (Decimal(20), Decimal(7))
    assert days.change_percent == Decimal(-65)


def test_has_outcomes_matches_the_outcomes_each_practice_has(seeded):
    for practice in Practice.objects.all():
        assert practice.has_outcomes == practice.outcomes.exists(), practice.slug


def test_useful_count_matches_the_marks_demo_accounts_made(seeded):
    for practice in Practice.objects.all():
        assert practice.useful_count == practice.useful_marks.count(), practice.slug
    assert Practice.objects.filter(useful_count__gt=0).count() >= 3


def test_some_practices_are_for_signed_in_members_only(seeded):
    members_only = Practice.objects.filter(visibility=Practice.Visibility.MEMBERS)

    assert 2 <= members_only.count() <= 3
    assert Practice.objects.filter(visibility=Practice.Visibility.PUBLIC).count() >= 25


def test_practices_are_written_by_demo_editors_and_linked_to_organisations(seeded):
    authors = set(Practice.objects.values_list("author__email", flat=True))

    assert authors <= {"editor@demo.mineaction.org", "staff@demo.mineaction.org"}
    colombia = Practice.objects.get(slug=COLOMBIA_SLUG)
    assert {"OACP", "CMAC", "JICA"} <= set(colombia.organisations.values_list("acronym", flat=True))


def test_every_body_is_rendered_markdown_without_script(seeded):
    for practice in Practice.objects.all():
        assert "<h2>" in practice.body_html, practice.slug
        assert "<script" not in practice.body_html.lower(), practice.slug
        assert 150 <= len(practice.body.split()) <= 400, practice.slug


def test_imas_references_use_real_imas_numbers(seeded):
    real = {
        "IMAS 05.10", "IMAS 07.11", "IMAS 07.12", "IMAS 07.40", "IMAS 08.10", "IMAS 08.20",
        "IMAS 09.10", "IMAS 09.30", "IMAS 09.40", "IMAS 09.50", "IMAS 12.10", "IMAS 13.10",
    }  # fmt: skip
    references = Practice.objects.values_list("imas_references", flat=True)
    used = {reference for practice_references in references for reference in practice_references}

    assert used <= real
