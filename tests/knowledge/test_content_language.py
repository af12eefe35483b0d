"""Practices are read in their own language inside an interface in the reader's.

A screen reader switches voice on `lang`; Arabic content needs `dir="rtl"` (and English content
on an Arabic page `dir="ltr"`). A reader whose language has a version of a practice is offered it.
"""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from knowledge.models import Practice
from tests.factories import UserFactory
from tests.query_counts import assert_flat_queries

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _element_with(html: str, text: str) -> str:
    """The opening tag of the innermost element whose content starts with `text`."""
    match = re.search(
        r"<(?!title)([a-z0-9]+)([^<>]*)>\s*(?:<a [^<>]*>)?\s*" + re.escape(text), html
    )
    assert match, text
    return match.group(0)


def test_list_cards_carry_the_language_and_direction_of_their_content(client):
    PracticeFactory(title="Libération des terres", summary="Résumé en français.", language="fr")
    PracticeFactory(title="تحرير الأراضي", summary="ملخص بالعربية.", language="ar")

    html = client.get(reverse("knowledge:practice-list")).content.decode()

    french_title = _element_with(html, "Libération des terres")
    assert 'lang="fr"' in french_title and 'dir="ltr"' in french_title
    assert 'lang="fr"' in _element_with(html, "Résumé en français.")
    arabic_title = _element_with(html, "تحرير الأراضي")
    assert 'lang="ar"' in arabic_title and 'dir="rtl"' in arabic_title
    assert 'dir="rtl"' in _element_with(html, "ملخص بالعربية.")


def test_search_results_carry_the_language_of_their_snippet(client):
    PracticeFactory(
        title="Survey with dogs", summary="Dogs helped the survey teams.", language="pt"
    )

    html = client.get(reverse("knowledge:practice-list") + "?q=dogs").content.decode()

    snippet = re.search(r'<p class="snippet"[^>]*>', html).group(0)
    assert 'lang="pt"' in snippet


def test_the_interface_around_a_card_stays_in_the_readers_language(client):
    PracticeFactory(title="Libération des terres", language="fr")

    html = client.get(reverse("knowledge:practice-list")).content.decode()

    assert '<article class="practice-card">' in html
    assert 'lang="fr"' not in re.search(r'<p class="practice-meta"[^>]*>', html).group(0)


def test_related_practices_carry_their_language(client):
    theme = ThemeFactory()
    practice = PracticeFactory(themes=[theme])
    PracticeFactory(title="Enquête non technique", language="fr", themes=[theme])

    html = client.get(practice.get_absolute_url()).content.decode()

    assert 'lang="fr"' in _element_with(html, "Enquête non technique")


def test_a_practice_page_marks_its_text_not_its_interface_with_the_content_language(client):
    practice = PracticeFactory(
        title="تحرير الأراضي", summary="ملخص بالعربية.", body="نص الممارسة.", language="ar"
    )

    html = client.get(practice.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<article class="practice">' in html
    for text in ("تحرير الأراضي", "ملخص بالعربية."):
        tag = _element_with(html, text)
        assert 'lang="ar"' in tag and 'dir="rtl"' in tag
    body = re.search(r'<section class="practice-body"[^>]*>', html).group(0)
    assert 'lang="ar"' in body and 'dir="rtl"' in body


def _original_with_french_version(**french: object) -> tuple[Practice, Practice]:
    original = PracticeFactory(title="Land release in Cambodia", language="en")
    fields = {"title": "Remise à disposition des terres", "language": "fr", **french}
    return original, PracticeFactory(translation_of=original, **fields)


def test_a_french_reader_is_offered_the_french_version_first(client, settings):
    original, french = _original_with_french_version()

    response = client.get(original.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    html = response.content.decode()
    assert response.context["reader_translation"] == french
    notice = html.index("translation-notice")
    assert notice < html.index("<article")
    assert f'href="{french.get_absolute_url()}" hreflang="fr"' in html[notice:]
    assert "Français" in html[notice : html.index("<article")]


def test_an_english_reader_is_not_offered_a_translation_notice(client):
    original, _french = _original_with_french_version()

    response = client.get(original.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["reader_translation"] is None
    assert "translation-notice" not in response.content.decode()


def test_the_french_version_itself_offers_no_notice_to_a_french_reader(client):
    _original, french = _original_with_french_version()

    response = client.get(french.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    assert "translation-notice" not in response.content.decode()


def test_a_translation_the_reader_may_not_read_is_not_offered(client):
    original, _french = _original_with_french_version(visibility=Practice.Visibility.MEMBERS)

    response = client.get(original.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    assert "translation-notice" not in response.content.decode()
    client.force_login(UserFactory())
    response = client.get(original.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
    assert "translation-notice" in response.content.decode()


def test_a_list_card_links_to_the_version_in_the_readers_language(client):
    _original, french = _original_with_french_version()
    url = reverse("knowledge:practice-list")

    for_french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for_english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    link = f'<a href="{french.get_absolute_url()}" hreflang="fr">'
    assert for_french.count(link) == 1  # on the English card, not on the French one
    assert link not in for_english


def test_an_english_reader_of_a_french_original_is_offered_the_english_version(client):
    french = PracticeFactory(title="Remise à disposition des terres", language="fr")
    english = PracticeFactory(title="Land release", language="en", translation_of=french)

    response = client.get(french.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["reader_translation"] == english


def test_the_list_links_to_readers_versions_without_a_query_per_card(
    client, django_assert_max_num_queries
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            original = PracticeFactory(title=f"Practice {n:03d}", language="en")
            PracticeFactory(title=f"Pratique {n:03d}", language="fr", translation_of=original)
        return [f"Practice {n:03d}" for n in range(start, stop)]

    assert_flat_queries(
        client,
        reverse("knowledge:practice-list"),
        build,
        budget=6,  # and whether the search index is in step
        max_queries=django_assert_max_num_queries,
        sizes=(2, 8),  # both versions of each on the first page of 20
    )


def test_the_pdf_labels_are_in_the_readers_language_and_the_text_in_its_own():
    practice = PracticeFactory(title="Land release", summary="What changed.", language="en")

    with translation.override("ar"):
        html = render_to_string(
            "knowledge/practice_pdf.html",
            {"practice": practice, "outcomes": [], "citation": "", "absolute_url": ""},
        )

    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 lang="en" dir="ltr">Land release</h1>' in html
