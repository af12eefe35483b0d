"""The language switcher in the header: for everyone, without JavaScript, remembered."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGUAGE_NAMES = ["English", "Français", "Español", "Português", "العربيّة", "Українська"]


def html_lang(response) -> tuple[str, str]:
    match = re.search(r'<html lang="([\w-]+)" dir="(\w+)"', response.content.decode())
    return match.group(1), match.group(2)


def test_every_visitor_sees_each_language_named_in_itself(client):
    page = client.get(reverse("knowledge:practice-list")).content.decode()
    for name in LANGUAGE_NAMES:
        assert f">{name}</button>" in page
    assert 'action="/i18n/setlang/"' in page
    assert '<input type="hidden" name="next" value="/practices/">' in page


def test_accept_language_decides_the_first_visit(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5")
    assert html_lang(response) == ("uk", "ltr")
    assert response["Content-Language"] == "uk"


def test_choosing_a_language_returns_to_the_page_and_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/practices/?q=survey"})
    assert response.status_code == 302
    assert response["Location"] == "/practices/?q=survey"
    assert client.cookies["django_language"].value == "ar"
    # The cookie wins over the browser's own preference from now on.
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == ("ar", "rtl")


def test_a_signed_in_person_keeps_the_choice_in_their_profile(client):
    user = UserFactory(preferred_language="fr")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "pt", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "pt"
    client.cookies.clear()
    client.force_login(user)
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="es")) == ("pt", "ltr")


def test_an_unknown_language_or_a_foreign_next_changes_nothing(client):
    user = UserFactory(preferred_language="es")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    user.refresh_from_db()
    assert user.preferred_language == "es"


def test_the_switcher_only_accepts_a_post(client):
    assert client.get("/i18n/setlang/?language=fr").status_code == 405


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "240,000.50"), ("fr", "240\xa0000,50"), ("ar", "240,000.50"), ("uk", "240\xa0000,50")],
)
def test_amounts_are_grouped_the_readers_way(language, expected):
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    with translation.override(language):
        assert floatformat(240000.5, "2g") == expected
