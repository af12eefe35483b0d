import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.urls import reverse

from knowledge.models import Practice
from knowledge.selectors import highlighted, practices_search, search_suggestion
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def titles(params: str, user: object = None) -> list[str]:
    found = practices_search(params=QueryDict(params), user=user or AnonymousUser())
    return [practice.title for practice in found]


def test_a_title_match_ranks_above_a_body_only_match():
    PracticeFactory(
        title="Community liaison in villages",
        body="Teams used mechanical demining machines on hard ground.",
        published_at="2025-06-01T00:00:00Z",
    )
    PracticeFactory(title="Mechanical demining in Cambodia", published_at="2020-01-01T00:00:00Z")

    assert titles("q=mechanical demining") == [
        "Mechanical demining in Cambodia",
        "Community liaison in villages",
    ]


def test_a_summary_match_ranks_above_a_body_only_match():
    PracticeFactory(title="First", body="The survey used drones.", published_at="2025-06-01T00:00Z")
    PracticeFactory(title="Second", summary="Drones for survey.", published_at="2020-01-01T00:00Z")

    assert titles("q=drones") == ["Second", "First"]


def test_a_quoted_phrase_matches_only_the_words_in_that_order():
    PracticeFactory(title="Land release by non-technical survey")
    PracticeFactory(title="Survey of land before release")

    assert titles('q="land release"') == ["Land release by non-technical survey"]


def test_a_minus_excludes_practices_with_that_word():
    PracticeFactory(title="Detectors in Angola")
    PracticeFactory(title="Detectors and dogs in Angola")

    assert titles("q=detectors -dogs") == ["Detectors in Angola"]


def test_or_finds_either_word():
    PracticeFactory(title="Mine risk education")
    PracticeFactory(title="Victim assistance")
    PracticeFactory(title="Stockpile destruction")

    assert sorted(titles("q=education or victim")) == ["Mine risk education", "Victim assistance"]


def test_search_finds_word_forms_through_english_stemming():
    PracticeFactory(title="Clearing minefields faster")

    assert titles("q=cleared minefield") == ["Clearing minefields faster"]


def test_without_a_query_the_newest_come_first_and_useful_sorts_by_marks():
    PracticeFactory(title="Old but useful", published_at="2019-01-01T00:00Z", useful_count=9)
    PracticeFactory(title="New", published_at="2025-01-01T00:00Z", useful_count=1)

    assert titles("") == ["New", "Old but useful"]
    assert titles("sort=useful") == ["Old but useful", "New"]


def test_newest_sort_overrides_relevance_when_searching():
    PracticeFactory(title="Survey survey", published_at="2019-01-01T00:00Z")
    PracticeFactory(title="Other", body="a survey", published_at="2025-01-01T00:00Z")

    assert titles("q=survey&sort=newest") == ["Other", "Survey survey"]


def test_only_published_practices_are_found():
    PracticeFactory(title="Draft survey", status=Practice.Status.DRAFT, published_at=None)
    PracticeFactory(title="Published survey")

    assert titles("q=survey") == ["Published survey"]


def test_members_only_practices_are_found_only_by_signed_in_people():
    PracticeFactory(title="Members survey", visibility=Practice.Visibility.MEMBERS)
    PracticeFactory(title="Public survey")

    assert titles("q=survey") == ["Public survey"]
    assert sorted(titles("q=survey", UserFactory())) == ["Members survey", "Public survey"]


def test_filters_combine_and_repeated_values_are_alternatives():
    survey = ThemeFactory(name="Non-technical survey", slug="non-technical-survey")
    clearance = ThemeFactory(name="Clearance", slug="clearance")
    PracticeFactory(title="A", countries=["KH"], themes=[survey])
    PracticeFactory(title="B", countries=["CO"], themes=[clearance])
    PracticeFactory(title="C", countries=["KH", "UA"], themes=[clearance, survey])
    PracticeFactory(title="D", countries=["AO"], themes=[survey])

    assert sorted(titles("theme=non-technical-survey&country=kh")) == ["A", "C"]
    assert sorted(titles("country=CO&country=UA")) == ["B", "C"]
    assert sorted(titles("theme=clearance&theme=non-technical-survey&country=AO")) == ["D"]


def test_year_filter_finds_practices_whose_period_covers_that_year():
    PracticeFactory(title="Long", year_start=1993, year_end=2023)
    PracticeFactory(title="One year", year_start=2010, year_end=None)
    PracticeFactory(title="Later", year_start=2024, year_end=2025)

    assert sorted(titles("year=2010")) == ["Long", "One year"]


def test_unknown_filter_values_are_ignored_rather_than_failing():
    PracticeFactory(title="A")

    assert titles("kind=nonsense&year=abc&organisation=x&country=Cambodia&sort=bogus") == ["A"]


def test_a_saved_search_matches_a_new_practice_as_the_follow_feature_uses_it():
    practice = PracticeFactory(title="Swing-type demining machines", countries=["UA"])
    follower = UserFactory()

    follow_query = "q=demining&country=UA"
    found = practices_search(params=QueryDict(follow_query), user=follower)
    assert found.filter(pk=practice.pk).exists()
    assert not practices_search(params=QueryDict("country=KH"), user=follower).exists()


def test_did_you_mean_respells_a_misspelt_word_from_practice_titles():
    PracticeFactory(title="Non-technical survey in Colombia")

    assert search_suggestion(q="non-techncal survey", user=AnonymousUser()) == (
        "non-technical survey"
    )


def test_did_you_mean_uses_theme_names_and_keeps_the_search_syntax():
    ThemeFactory(name="Mechanical demining", slug="mechanical-demining")

    assert search_suggestion(q='"mechanicl demining" -dogs', user=AnonymousUser()) == (
        '"mechanical demining" -dogs'
    )


def test_did_you_mean_says_nothing_when_the_words_are_known():
    PracticeFactory(title="Non-technical survey in Colombia")

    assert search_suggestion(q="survey colombia", user=AnonymousUser()) == ""


def test_did_you_mean_never_reveals_words_from_members_only_titles():
    PracticeFactory(title="Confidential stockpile", visibility=Practice.Visibility.MEMBERS)

    assert search_suggestion(q="stockple", user=AnonymousUser()) == ""
    assert search_suggestion(q="stockple", user=UserFactory()) == "stockpile"


def test_highlighted_snippets_escape_the_text_but_keep_the_marks():
    html = highlighted("<script>x</script> \ue000survey\ue001 & more")

    assert html == "&lt;script&gt;x&lt;/script&gt; <mark>survey</mark> &amp; more"


def test_search_results_show_highlighted_escaped_snippets(client):
    PracticeFactory(
        title="Survey",
        summary="<script>alert(1)</script> R&D on land survey teams.",
        body="Body text with <em>markup</em> & more about the survey.",
    )

    response = client.get(reverse("knowledge:practice-list"), {"q": "survey"})

    [(_practice, snippet)] = response.context["results"]
    assert "<script>" not in snippet
    assert "land <mark>survey</mark> teams" in snippet
    assert "&amp; more about the <mark>survey</mark>" in snippet
    assert "<em>" not in snippet


def test_a_misspelt_search_page_offers_the_corrected_search(client):
    PracticeFactory(title="Non-technical survey in Colombia")

    response = client.get(reverse("knowledge:practice-list"), {"q": "non-techncal survey"})

    assert response.context["suggestion"] == "non-technical survey"
    assert "Did you mean" in response.content.decode()
    assert "q=non-technical+survey" in response.content.decode()


def test_a_search_that_finds_nothing_offers_to_drop_each_filter(client):
    theme = ThemeFactory(name="Clearance", slug="clearance")
    PracticeFactory(title="Clearance in Angola", countries=["AO"], themes=[theme])
    url = reverse("knowledge:practice-list")

    response = client.get(url, {"q": "clearance", "country": "KH", "theme": "clearance"})

    assert response.context["page_obj"].paginator.count == 0
    assert dict(response.context["removals"]) == {
        "Search: clearance": f"{url}?country=KH&theme=clearance",
        "Clearance": f"{url}?q=clearance&country=KH",
        "Cambodia": f"{url}?q=clearance&theme=clearance",
    }
    content = response.content.decode()
    assert "Try removing a filter" in content
    assert f'href="{url}?q=clearance&amp;theme=clearance"' in content
    assert client.get(f"{url}?q=clearance&theme=clearance").context["page_obj"].paginator.count == 1


@pytest.mark.parametrize(
    "q", ['"unclosed', "-", "or", "a:b & c | !d", "the", "'; drop table", "x" * 300]
)
def test_any_search_text_is_answered_without_an_error(client, q):
    PracticeFactory(title="Survey")

    response = client.get(reverse("knowledge:practice-list"), {"q": q})

    assert response.status_code == 200
