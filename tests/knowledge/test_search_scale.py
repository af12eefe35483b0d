"""The list, its facets, "did you mean" and related practices are kept in the cache: a reader
must still see every publication, edit and withdrawal at once, and a page served from the cache
costs a few queries whatever the number of practices."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse

from knowledge.models import Practice
from knowledge.selectors import ORG_FACET_LIMIT, practices_search
from knowledge.services.workflow import (
    PracticeContent,
    practice_approve,
    practice_archive,
    practice_update,
)
from portal.permissions import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.query_counts import assert_flat_queries, get_counted

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("knowledge:practice-list")


def _editor() -> object:
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.EDITOR.value)[0])
    return user


def _listed(client, **params) -> tuple[list[str], dict]:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    facets = response.context["facets"]
    counts = {
        name: {option.value: option.count for option in getattr(facets, name)}
        for name in ("theme", "country", "kind")
    }
    counts["total"] = response.context["page_obj"].paginator.count
    return [practice.title for practice, _snippet in response.context["results"]], counts


def _content(practice: Practice, **changes) -> PracticeContent:
    fields = {
        "title": practice.title,
        "summary": practice.summary,
        "body": practice.body,
        "kind": practice.kind,
        "themes": list(practice.themes.all()),
        "countries": list(practice.countries),
        "year_start": practice.year_start,
    }
    return PracticeContent(**{**fields, **changes})


def test_publishing_editing_and_archiving_show_at_once_in_results_and_facets(client):
    land = ThemeFactory(name="Land release", slug="land-release")
    PracticeFactory(title="Survey in Cambodia", themes=[land], countries=["KH"])
    pending = PracticeFactory(
        title="Survey in Angola",
        themes=[land],
        countries=["AO"],
        status=Practice.Status.IN_REVIEW,
        published_at=None,
    )

    titles, counts = _listed(client, q="survey")
    assert titles == ["Survey in Cambodia"]
    assert counts["country"] == {"KH": 1}
    assert counts["theme"] == {"land-release": 1}
    # The same page again comes from the cache, unchanged.
    assert _listed(client, q="survey") == (titles, counts)

    editor = _editor()
    practice_approve(practice=pending, reviewer=editor)
    titles, counts = _listed(client, q="survey")
    assert sorted(titles) == ["Survey in Angola", "Survey in Cambodia"]
    assert counts["country"] == {"AO": 1, "KH": 1}
    assert counts["theme"] == {"land-release": 2}
    assert counts["total"] == 2

    # An edit that takes the word out of the title and changes the country and the theme.
    victims = ThemeFactory(name="Victim assistance", slug="victim-assistance")
    practice_update(
        practice=pending,
        user=editor,
        content=_content(
            pending,
            title="Rehabilitation in Angola",
            summary="Prosthetics workshops.",
            body="Workshops.",
            themes=[victims],
            countries=["CO"],
        ),
    )
    titles, counts = _listed(client, q="survey")
    assert titles == ["Survey in Cambodia"]
    assert counts["country"] == {"KH": 1}
    titles, counts = _listed(client)
    assert counts["country"] == {"CO": 1, "KH": 1}
    assert counts["theme"] == {"land-release": 1, "victim-assistance": 1}

    practice_archive(practice=Practice.objects.get(title="Survey in Cambodia"), user=editor)
    titles, counts = _listed(client)
    assert titles == ["Rehabilitation in Angola"]
    assert counts["country"] == {"CO": 1}
    assert counts["total"] == 1
    assert _listed(client, q="survey")[1]["total"] == 0


def test_a_bulk_update_outside_the_orm_models_is_seen_too(client):
    """Writes that bypass save() (querysets, raw SQL) still change what the list shows."""
    PracticeFactory(title="Clearance in Laos", countries=["LA"], kind=Practice.Kind.CASE_STUDY)
    assert _listed(client)[1]["kind"] == {Practice.Kind.CASE_STUDY: 1}

    Practice.objects.update(kind=Practice.Kind.GUIDELINE)

    assert _listed(client)[1]["kind"] == {Practice.Kind.GUIDELINE: 1}


def test_members_only_results_are_cached_apart_from_the_public_ones(client):
    PracticeFactory(title="Open survey")
    PracticeFactory(title="Members survey", visibility=Practice.Visibility.MEMBERS)

    assert _listed(client, q="survey")[0] == ["Open survey"]
    client.force_login(UserFactory())
    assert sorted(_listed(client, q="survey")[0]) == ["Members survey", "Open survey"]
    client.logout()
    assert _listed(client, q="survey")[0] == ["Open survey"]


@pytest.mark.parametrize(
    "params",
    [
        "",
        "q=survey",
        "q=survey&sort=newest",
        "sort=useful",
        "country=KH&theme=land-release",
        "q=survey+-dogs&kind=case_study&year=2019",
        "q=%22mine+survey%22",
        "q=survey&page=2",
        "outcomes=1&language=fr",
    ],
)
def test_the_cached_pages_list_what_the_search_finds_in_its_order(client, params):
    land = ThemeFactory(name="Land release", slug="land-release")
    for n in range(30):
        PracticeFactory(
            title=f"{['Mine survey', 'Survey', 'Dogs survey', 'Clearance'][n % 4]} {n}",
            summary="Survey " * (n % 5) + "of the field.",
            countries=[["KH", "CO", "AO"][n % 3]],
            themes=[land] if n % 2 else [],
            kind=list(Practice.Kind.values)[n % 4],
            year_start=2015 + n % 6,
            language=["en", "fr"][n % 2],
            has_outcomes=n % 3 == 0,
            useful_count=n % 7,
        )
    found = list(practices_search(params=QueryDict(params), user=AnonymousUser()))
    page = Paginator(found, 20).get_page(QueryDict(params).get("page"))
    expected = [practice.title for practice in page]

    for _visit in range(2):  # computing, then from the cache
        response = client.get(f"{LIST_URL}?{params}")
        assert [p.title for p, _s in response.context["results"]] == expected
        assert response.context["page_obj"].paginator.count == len(found)


def test_did_you_mean_learns_a_word_as_soon_as_a_title_is_published(client):
    assert client.get(LIST_URL, {"q": "stockple"}).context["suggestion"] == ""

    PracticeFactory(title="Stockpile destruction in Ukraine", summary="Ammunition.", body="x")

    assert client.get(LIST_URL, {"q": "stockple"}).context["suggestion"] == "stockpile"


def test_related_practices_change_when_a_practice_is_published(client):
    theme = ThemeFactory()
    practice = PracticeFactory(themes=[theme], countries=["KH"])
    assert list(client.get(practice.get_absolute_url()).context["related"]) == []

    other = PracticeFactory(title="Sharing a theme", themes=[theme], countries=["CO"])

    related = client.get(practice.get_absolute_url()).context["related"]
    assert [p.title for p in related] == ["Sharing a theme"]
    Practice.objects.filter(pk=other.pk).update(status=Practice.Status.ARCHIVED)
    assert list(client.get(practice.get_absolute_url()).context["related"]) == []


def test_the_organisation_facet_shows_the_busiest_and_always_the_selected_ones(client):
    busy = [OrganisationFactory(name=f"Busy {n:03d}") for n in range(ORG_FACET_LIMIT)]
    quiet = OrganisationFactory(name="Quiet one")
    for organisation in busy:
        for _n in range(2):
            PracticeFactory().organisations.add(organisation)
    PracticeFactory().organisations.add(quiet)

    shown = [o.label for o in client.get(LIST_URL).context["facets"].organisation]
    assert shown == [str(organisation) for organisation in busy]

    response = client.get(LIST_URL, {"organisation": quiet.pk})
    options = {o.value: (o.count, o.selected) for o in response.context["facets"].organisation}
    assert options[str(quiet.pk)] == (1, True)
    assert response.context["page_obj"].paginator.count == 1


@pytest.mark.parametrize(
    "query",
    [
        "q=survey",
        "",
        urlencode([("country", "KH"), ("theme", "land-release")]),
    ],
)
def test_a_page_from_the_cache_costs_the_same_few_queries_at_any_size(
    client, django_assert_max_num_queries, query
):
    land = ThemeFactory(name="Land release", slug="land-release")

    def build(start: int, stop: int) -> list[str]:
        titles = []
        for n in range(start, stop):
            practice = PracticeFactory(
                title=f"Survey number {n:03d}",
                themes=[land, ThemeFactory()],
                countries=["KH"],
            )
            practice.organisations.add(OrganisationFactory(), OrganisationFactory())
            titles.append(practice.title)
        return titles

    # The data version for the count and facets and for the page's ids, both then from the
    # cache, and the page's practices, their themes and their organisations.
    assert_flat_queries(
        client,
        f"{LIST_URL}?{query}",
        build,
        budget=6,  # and whether the search index is in step
        max_queries=django_assert_max_num_queries,
        sizes=(3, 15),
    )


def test_a_practice_page_from_the_cache_reads_its_related_practices_in_no_query(client):
    theme = ThemeFactory()
    practice = PracticeFactory(themes=[theme])
    PracticeFactory(title="Related one", themes=[theme])
    client.get(practice.get_absolute_url())

    response, queries = get_counted(client, practice.get_absolute_url())

    assert "Related one" in response.content.decode()
    assert not [sql for sql in queries if "WITH shared" in sql]


def test_country_facets_are_named_in_each_readers_language(client):
    PracticeFactory(countries=["KH"])

    def labels(language: str) -> list[str]:
        response = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return [option.label for option in response.context["facets"].country]

    assert labels("fr") == ["Cambodge"]
    # The French facets are cached: the next English reader must not get them.
    assert labels("en") == ["Cambodia"]
    assert labels("fr") == ["Cambodge"]
