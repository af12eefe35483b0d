import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Practice, Theme
from tests.factories import OrganisationFactory, UserFactory

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("knowledge:practice-list")
# A first visit after a change computes what is then cached: the data version twice (count and
# facets, the page's ids), one query for the count and every facet with the theme and
# organisation names, one for the page's ids, each of those two between a savepoint, its
# planner settings and its release; then the page's practices, their themes and organisations.
QUERY_BUDGET = 15


def make_practices(count: int, *, start: int = 0) -> None:
    """Many varied published practices, fast: bulk inserts for rows and their links."""
    themes = [ThemeFactory(name=f"Theme {n}", slug=f"theme-{n}") for n in range(4)]
    organisations = [OrganisationFactory() for _ in range(3)]
    author = UserFactory()
    now = timezone.now()
    kinds = Practice.Kind.values
    practices = Practice.objects.bulk_create(
        Practice(
            title=f"Non-technical survey practice {n}",
            slug=f"bulk-{n}",
            summary="How survey teams released land faster.",
            body="Survey teams met communities.",
            body_html="<p>Survey teams met communities.</p>",
            kind=kinds[(n // 2) % len(kinds)],
            countries=[["KH", "CO", "UA", "AO"][n % 4]] + (["LA"] if n % 3 == 0 else []),
            year_start=2010 + n % 10,
            year_end=2012 + n % 10,
            language=["en", "fr", "es"][n % 3],
            visibility=Practice.Visibility.MEMBERS if n % 5 == 0 else Practice.Visibility.PUBLIC,
            has_outcomes=n % 2 == 0,
            status=Practice.Status.PUBLISHED,
            published_at=now - timedelta(hours=n),
            author=author,
        )
        for n in range(start, start + count)
    )
    Practice.themes.through.objects.bulk_create(
        Practice.themes.through(practice=practice, theme=themes[i % 4])
        for i, practice in enumerate(practices, start=start)
    )
    Practice.organisations.through.objects.bulk_create(
        Practice.organisations.through(practice=practice, organisation=organisations[i % 3])
        for i, practice in enumerate(practices, start=start)
    )


def options(response, facet: str) -> dict[str, int]:
    found = getattr(response.context["facets"], facet)
    return {option.value: option.count for option in found if option.count}


def test_the_list_shows_twenty_practices_a_page_newest_first(client):
    make_practices(45)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert first.status_code == 200
    # 45 practices, every fifth members-only: 36 public ones.
    assert first.context["page_obj"].paginator.count == 36
    assert [p.slug for p, _s in first.context["results"]][:2] == ["bulk-1", "bulk-2"]
    assert len(first.context["results"]) == 20
    assert len(second.context["results"]) == 16


def test_facet_counts_reflect_the_other_active_filters_but_not_their_own(client):
    cambodia = ThemeFactory(name="Land release", slug="land-release")
    survey = ThemeFactory(name="Non-technical survey", slug="non-technical-survey")
    PracticeFactory(countries=["KH"], themes=[cambodia], kind="good_practice", language="en")
    PracticeFactory(countries=["KH", "LA"], themes=[survey], kind="lesson_learned")
    PracticeFactory(countries=["CO"], themes=[survey], kind="good_practice", language="es")
    PracticeFactory(countries=["CO"], themes=[survey, cambodia], kind="case_study")
    PracticeFactory(countries=["UA"], themes=[cambodia], kind="good_practice")

    response = client.get(LIST_URL, {"theme": "non-technical-survey", "country": "CO"})

    assert response.context["page_obj"].paginator.count == 2
    # Themes counted within Colombia; countries counted within the theme.
    assert options(response, "theme") == {"non-technical-survey": 2, "land-release": 1}
    assert options(response, "country") == {"KH": 1, "LA": 1, "CO": 2}
    assert options(response, "kind") == {"good_practice": 1, "case_study": 1}
    assert options(response, "language") == {"es": 1, "en": 1}


def test_facet_counts_under_three_combined_filters(client):
    make_practices(60)

    response = client.get(
        LIST_URL, {"country": "KH", "kind": "good_practice", "outcomes": "1", "language": "en"}
    )

    public = [n for n in range(60) if n % 5]
    kinds = Practice.Kind.values

    def matching(skip: str) -> list[int]:
        tests = {
            "country": lambda n: n % 4 == 0,
            "kind": lambda n: kinds[(n // 2) % 4] == "good_practice",
            "outcomes": lambda n: n % 2 == 0,
            "language": lambda n: n % 3 == 0,
        }
        return [n for n in public if all(test(n) for name, test in tests.items() if name != skip)]

    assert response.context["page_obj"].paginator.count == len(matching(""))
    expected_kinds = {
        kind: len([n for n in matching("kind") if kinds[(n // 2) % 4] == kind]) for kind in kinds
    }
    assert options(response, "kind") == {kind: n for kind, n in expected_kinds.items() if n}
    assert len([n for n in expected_kinds.values() if n]) > 1
    expected_languages = {
        code: len([n for n in matching("language") if ["en", "fr", "es"][n % 3] == code])
        for code in ("en", "fr", "es")
    }
    assert options(response, "language") == {c: n for c, n in expected_languages.items() if n}
    assert response.context["facets"].outcomes.count == len(matching("outcomes"))
    by_country = options(response, "country")
    assert by_country["KH"] == len(matching("country"))
    assert by_country["LA"] == len([n for n in matching("country") if n % 3 == 0])


def test_year_facet_counts_each_year_a_practice_covers(client):
    PracticeFactory(year_start=2018, year_end=2020)
    PracticeFactory(year_start=2020, year_end=None)

    response = client.get(LIST_URL)

    assert options(response, "year") == {"2018": 1, "2019": 1, "2020": 2}


def test_organisation_facet_lists_only_organisations_with_practices(client):
    cmac = OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC")
    OrganisationFactory(name="Idle organisation", acronym="IDLE")
    practice = PracticeFactory()
    practice.organisations.add(cmac)

    response = client.get(LIST_URL)

    assert options(response, "organisation") == {str(cmac.pk): 1}
    assert client.get(LIST_URL, {"organisation": cmac.pk}).context["page_obj"].paginator.count == 1


def test_a_facet_shows_each_option_as_a_labelled_checkbox_escaped_and_ticked_when_chosen(client):
    odd = OrganisationFactory(name="Mines & <Dogs>", acronym="")
    idle = OrganisationFactory(name="Idle organisation", acronym="IDLE")
    for _ in range(2):
        PracticeFactory(countries=["KH"]).organisations.add(odd)

    html = client.get(LIST_URL, {"organisation": idle.pk}).content.decode()

    # The chosen organisation stays on offer at 0, ticked; the other reads as written.
    assert (
        f'<label for="f-organisation-{idle.pk}"><input type="checkbox"'
        f' id="f-organisation-{idle.pk}" name="organisation" value="{idle.pk}" checked>'
        ' Idle organisation (IDLE) <span class="facet-count">0</span></label>'
    ) in html
    assert f'value="{odd.pk}"> Mines &amp; &lt;Dogs&gt; <span class="facet-count">2</span>' in html
    assert "<Dogs>" not in html


def test_the_url_keeps_the_whole_state_and_the_form_shows_it(client):
    ThemeFactory(name="Clearance", slug="clearance")
    PracticeFactory(title="Clearance in Angola", countries=["AO"])

    response = client.get(LIST_URL, {"q": "angola", "country": "AO", "sort": "newest"})

    content = response.content.decode()
    assert 'method="get"' in content
    assert 'name="q" value="angola"' in content
    assert 'name="country" value="AO" checked' in content
    assert '<option value="newest" selected>' in content


def test_a_new_search_from_the_default_list_is_sorted_by_best_match(client):
    content = client.get(LIST_URL).content.decode()

    # The default option sends no sort, so typing a search then ranks by relevance.
    assert '<option value="" selected>Newest</option>' in content


def test_pagination_links_keep_the_filters(client):
    make_practices(60)

    response = client.get(LIST_URL, {"sort": "useful", "outcomes": "1"})

    assert "?sort=useful&amp;outcomes=1&amp;page=2" in response.content.decode()


def test_an_htmx_request_for_the_results_gets_only_the_results(client):
    PracticeFactory(title="Clearance in Angola")

    response = client.get(LIST_URL, headers={"HX-Request": "true", "HX-Target": "practice-results"})

    content = response.content.decode()
    assert "Clearance in Angola" in content
    assert "<html" not in content


def test_the_list_makes_the_same_number_of_queries_with_10_and_300_practices(client):
    make_practices(10)
    with CaptureQueriesContext(connection) as small:
        client.get(LIST_URL, {"country": "KH", "theme": "theme-0"})
    make_practices(290, start=10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST_URL, {"country": "KH", "theme": "theme-0"})

    assert response.context["page_obj"].paginator.count > 20
    assert len(large) == len(small) <= QUERY_BUDGET, [q["sql"][:80] for q in large]


def test_search_makes_the_same_number_of_queries_with_10_and_300_practices(
    client, django_assert_max_num_queries
):
    user = UserFactory()
    client.force_login(user)
    make_practices(10)
    with CaptureQueriesContext(connection) as small:
        client.get(LIST_URL, {"q": "survey", "language": "en", "outcomes": "1"})
    make_practices(290, start=10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST_URL, {"q": "survey", "language": "en", "outcomes": "1"})

    assert response.context["page_obj"].paginator.count > 20
    # Signed in: session, user, roles and unread notifications for the header; and "did you
    # mean" (the data version for the respelling and for the vocabulary, each computed); and
    # whether the search index is in step.
    assert len(small) <= QUERY_BUDGET + 4 + 4 + 1, "\n".join(q["sql"][:60] for q in small)


BROWSER_UPDATE = {"HX-Request": "true", "HX-Target": "practice-browser"}
FEED_URL = reverse("knowledge:practice-feed")


def test_the_feed_links_carry_the_filters_without_the_page_or_empty_fields(client):
    content = client.get(
        LIST_URL, {"q": "", "country": "CO", "year": "", "page": "2", "sort": ""}
    ).content.decode()

    head = content[: content.index("</head>")]
    assert f'href="{FEED_URL}?country=CO" class="feed-link"' in content
    assert re.search(
        rf'<link id="feed-alternate" rel="alternate" [^>]*href="{FEED_URL}\?country=CO">', head
    )


def test_an_htmx_update_swaps_the_head_feed_link_out_of_band(client):
    content = client.get(LIST_URL, {"country": "CO"}, headers=BROWSER_UPDATE).content.decode()

    region = content[content.index('<div id="practice-browser"') :]
    assert f'href="{FEED_URL}?country=CO" hx-swap-oob="true">' in region
    assert f'href="{FEED_URL}?country=CO" class="feed-link"' in region


def test_the_page_title_names_the_filters(client):
    ThemeFactory(name="Non-technical survey", slug="non-technical-survey")
    PracticeFactory(countries=["CO"], themes=list(Theme.objects.all()))

    response = client.get(LIST_URL, {"theme": "non-technical-survey", "country": "CO"})

    assert (
        response.context["page_title"]
        == "Non-technical survey · Colombia: good practices and lessons learned"
    )
    assert "<title>Non-technical survey · Colombia: good practices" in response.content.decode()


def test_the_page_title_quotes_a_search_before_the_filters(client):
    PracticeFactory(title="Dogs in Colombia", countries=["CO"])

    response = client.get(LIST_URL, {"q": "dogs", "country": "CO"})

    assert response.context["page_title"] == "“dogs” · Colombia: search practices"


def test_save_this_search_is_inside_the_updated_region_with_the_filters(client):
    client.force_login(UserFactory())
    PracticeFactory(countries=["CO"])

    content = client.get(
        LIST_URL, {"country": "CO", "page": "1", "q": ""}, headers=BROWSER_UPDATE
    ).content.decode()

    region = content[content.index('<div id="practice-browser"') :]
    assert '<input type="hidden" name="query" value="country=CO">' in region


def test_the_reading_pack_form_is_inside_the_updated_region_with_the_filters(client):
    client.force_login(UserFactory())
    PracticeFactory(countries=["CO"], language="es")

    content = client.get(
        LIST_URL, {"country": "CO", "language": "es", "page": "1"}, headers=BROWSER_UPDATE
    ).content.decode()

    region = content[content.index('<div id="practice-browser"') :]
    pack = region[
        region.index('class="pack-form"') : region.index(
            "</form>", region.index('class="pack-form"')
        )
    ]
    assert '<input type="hidden" name="country" value="CO">' in pack
    assert '<input type="hidden" name="language" value="es">' in pack
    assert 'name="page"' not in pack


def test_a_card_shows_its_themes_in_the_readers_language_and_its_organisations(client):
    survey = ThemeFactory(name="Non-technical survey", slug="nts")
    release = ThemeFactory(name="Land release", slug="land-release")
    cmac = OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC")
    unnamed = OrganisationFactory(name="Ассоціація саперів України", acronym="")
    practice = PracticeFactory(title="Ранжування територій", themes=[survey, release])
    practice.organisations.set([unnamed, cmac])
    PracticeFactory(title="Another practice", themes=[survey])

    page = client.get(LIST_URL, headers={"accept-language": "fr"}).content.decode()

    card = page[page.index("Ранжування територій") :].split("</article>")[0]
    # By name as written (Land release, Non-technical survey), shown translated.
    assert re.findall(r'<span class="tag">([^<]+)</span>', card) == [
        "Remise à disposition des terres",
        "Enquête non technique",
    ]
    # By name too (Cambodian… before Ассоціація…): the acronym where there is one, else the name.
    assert re.findall(r'<span class="org">([^<]+)</span>', card) == [
        "CMAC",
        "Ассоціація саперів України",
    ]
