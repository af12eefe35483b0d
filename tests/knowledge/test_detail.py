import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import Application, Attachment, Comment, Practice
from portal.permissions import Role
from tests.factories import OrganisationFactory, UserFactory

from .factories import OutcomeFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def editor() -> object:
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.EDITOR.value)[0])
    return user


def test_a_public_practice_shows_what_a_reader_needs(client):
    cmac = OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC")
    theme = ThemeFactory(name="Non-technical survey", slug="non-technical-survey")
    practice = PracticeFactory(
        title="Faster non-technical survey",
        summary="Colombia cut survey days after sharing knowledge with CMAC.",
        body="## Steps\n\n1. Meet the community\n2. Map the evidence",
        body_html="<h2>Steps</h2><ol><li>Meet the community</li></ol>",
        countries=["CO", "KH"],
        year_start=2018,
        year_end=2023,
        hdp_pillars=["humanitarian", "peace"],
        imas_references=["IMAS 08.10"],
        themes=[theme],
    )
    practice.organisations.add(cmac)

    response = client.get(practice.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Faster non-technical survey",
        "Good practice",
        "Colombia",
        "Cambodia",
        "Non-technical survey",
        "Cambodian Mine Action Centre (CMAC)",
        "2018–2023",
        "English",
        "Humanitarian",
        "Peace",
        "IMAS 08.10",
        "<h2>Steps</h2><ol><li>Meet the community</li></ol>",
    ):
        assert text in content, text


def test_an_outcome_shows_its_change_with_a_real_minus_sign(client):
    outcome = OutcomeFactory(indicator="Days per non-technical survey", baseline=20, result=7)

    response = client.get(outcome.practice.get_absolute_url())

    content = response.content.decode()
    assert "20 → 7 days" in content
    assert "\u221265%" in content


def test_an_increase_shows_a_plus_sign_and_thousands_separators(client):
    outcome = OutcomeFactory(indicator="Land released per year", baseline=10, result=290)

    response = client.get(outcome.practice.get_absolute_url())

    assert "+2,800%" in response.content.decode()


def test_members_only_practices_are_not_found_by_anonymous_readers(client):
    practice = PracticeFactory(visibility=Practice.Visibility.MEMBERS)

    assert client.get(practice.get_absolute_url()).status_code == 404
    assert client.get(f"{practice.get_absolute_url()}pdf/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(practice.get_absolute_url()).status_code == 200


def test_a_draft_is_seen_only_by_its_author_and_editors(client):
    author = UserFactory()
    draft = PracticeFactory(status=Practice.Status.DRAFT, published_at=None, author=author)

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(author)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(editor())
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_an_unknown_practice_is_not_found(client):
    assert client.get("/practices/no-such-practice/").status_code == 404


def test_translations_link_to_the_other_readable_language_versions(client):
    original = PracticeFactory(title="Land release", language="en")
    PracticeFactory(title="Liberación de tierras", language="es", translation_of=original)
    PracticeFactory(
        title="Libération des terres",
        language="fr",
        translation_of=original,
        visibility=Practice.Visibility.MEMBERS,
    )
    PracticeFactory(
        title="Brouillon", language="pt", translation_of=original, status="draft", published_at=None
    )
    spanish = Practice.objects.get(language="es")

    from_original = client.get(original.get_absolute_url()).context["translations"]
    from_spanish = client.get(spanish.get_absolute_url()).context["translations"]

    assert [t.title for t in from_original] == ["Liberación de tierras"]
    assert [t.title for t in from_spanish] == ["Land release"]
    client.force_login(UserFactory())
    titles = [t.title for t in client.get(spanish.get_absolute_url()).context["translations"]]
    assert titles == ["Land release", "Libération des terres"]


def test_related_practices_share_themes_or_countries_and_are_readable(client):
    survey = ThemeFactory(name="Survey", slug="survey")
    other = ThemeFactory(name="Other", slug="other")
    practice = PracticeFactory(countries=["KH"], themes=[survey])
    both = PracticeFactory(title="Same theme and country", countries=["KH"], themes=[survey])
    PracticeFactory(title="Theme only", countries=["AO"], themes=[survey])
    PracticeFactory(title="Country only", countries=["KH"], themes=[other])
    PracticeFactory(title="Unrelated", countries=["AO"], themes=[other])
    PracticeFactory(title="Members only", countries=["KH"], themes=[survey], visibility="members")
    PracticeFactory.create_batch(4, countries=["KH"], themes=[other])

    related = client.get(practice.get_absolute_url()).context["related"]

    titles = [p.title for p in related]
    assert len(titles) == 5
    assert titles[:2] == [both.title, "Theme only"]
    assert "Unrelated" not in titles
    assert "Members only" not in titles


def test_the_page_says_in_how_many_distinct_countries_it_was_applied(client):
    practice = PracticeFactory()
    for country, user in (("KH", UserFactory()), ("KH", UserFactory()), ("CO", UserFactory())):
        Application.objects.create(practice=practice, user=user, country=country)

    response = client.get(practice.get_absolute_url())

    assert response.context["applied_countries"] == 2
    assert "Applied in 2 countries" in response.content.decode()


def test_the_citation_names_organisations_year_title_portal_and_url(client):
    practice = PracticeFactory(title="Swing-type demining machines", slug="swing-machines")
    practice.organisations.add(OrganisationFactory(name="CMAC", acronym="CMAC"))
    year = practice.published_at.year

    response = client.get(practice.get_absolute_url())

    assert response.context["citation"] == (
        f"CMAC ({year}). Swing-type demining machines. Mine Action Knowledge Portal. "
        "http://testserver/practices/swing-machines/"
    )


def test_the_pdf_download_is_a_private_pdf(client):
    practice = PracticeFactory(title="Swing-type demining machines")
    OutcomeFactory(practice=practice)

    response = client.get(f"{practice.get_absolute_url()}pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "private" in response["Cache-Control"]
    assert f'filename="{practice.slug}.pdf"' in response["Content-Disposition"]


def _detail_queries(client, practice: Practice) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def _add_related_data(practice: Practice, n: int) -> None:
    themes = [ThemeFactory() for _ in range(n)]
    practice.themes.add(*themes)
    practice.organisations.add(*[OrganisationFactory() for _ in range(n)])
    for i in range(n):
        OutcomeFactory(practice=practice, indicator=f"Indicator {i}")
        Attachment.objects.create(
            practice=practice, title=f"File {i}", file=f"practices/x/{i}.pdf", kind="pdf", size=10
        )
        Comment.objects.create(practice=practice, author=UserFactory(), body=f"Question {i}")
        Application.objects.create(practice=practice, user=UserFactory(), country="KH")
        PracticeFactory(themes=themes[:1], translation_of=practice, language="fr")


def test_the_detail_page_makes_the_same_number_of_queries_with_little_and_much_data(client):
    client.force_login(UserFactory())
    small = PracticeFactory()
    large = PracticeFactory()
    _add_related_data(small, 1)
    _add_related_data(large, 12)

    # Related practices, computed on a first visit, add the data version, a savepoint, its
    # planner settings and its release to the query finding them.
    assert _detail_queries(client, small) == _detail_queries(client, large) <= 22


def test_related_practices_leave_out_the_same_practice_in_other_languages(client):
    theme = ThemeFactory()
    original = PracticeFactory(themes=[theme])
    PracticeFactory(title="Traduction", language="fr", translation_of=original, themes=[theme])
    PracticeFactory(title="Another practice", themes=[theme])

    related = client.get(original.get_absolute_url()).context["related"]

    assert [p.title for p in related] == ["Another practice"]
