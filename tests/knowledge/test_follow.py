"""Following themes, countries and saved searches, and hearing about new practices once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from knowledge.models import Follow, Practice
from knowledge.services.follow import (
    follow_country,
    follow_theme,
    followers_notify,
    search_query_normalise,
    search_save,
)
from knowledge.services.workflow import practice_approve
from portal.models import Email
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.registry import Delivery
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory
from .test_workflow import make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return ThemeFactory(name="Non-technical survey", slug="non-technical-survey")


def practice_in_review(theme, **kwargs: object) -> Practice:
    values = {
        "title": "Village chiefs guide survey teams",
        "summary": "Survey teams worked with village chiefs.",
        "body": "Chiefs knew where accidents happened.",
        "countries": ["CO"],
        "status": Practice.Status.IN_REVIEW,
        "published_at": None,
        "themes": [theme],
    }
    values.update(kwargs)
    return PracticeFactory(**values)


def new_practice_notifications(user=None):
    found = Notification.objects.filter(kind="knowledge.new_practice")
    return found.filter(recipient=user) if user else found


def test_a_follower_matching_by_theme_country_and_search_is_notified_exactly_once(survey):
    follower = UserFactory()
    follow_theme(user=follower, theme=survey)
    follow_country(user=follower, country="CO")
    search_save(user=follower, query="q=chiefs&country=CO", name="Chiefs in Colombia")
    practice = practice_in_review(survey)

    practice_approve(practice=practice, reviewer=make_editor())

    notifications = list(new_practice_notifications(follower))
    assert len(notifications) == 1
    assert practice.title in notifications[0].title
    assert notifications[0].url == practice.get_absolute_url()


def test_each_way_of_following_finds_its_followers_and_nobody_else(survey):
    by_theme, by_country, by_search, unrelated = (UserFactory() for _ in range(4))
    follow_theme(user=by_theme, theme=survey)
    follow_country(user=by_country, country="CO")
    search_save(user=by_search, query="?q=chiefs")
    follow_country(user=unrelated, country="KH")
    search_save(user=unrelated, query="q=helicopter")
    follow_theme(user=unrelated, theme=ThemeFactory(name="Victim assistance", slug="va"))
    practice = practice_in_review(survey)

    practice_approve(practice=practice, reviewer=make_editor())

    recipients = {n.recipient for n in new_practice_notifications()}
    assert recipients == {by_theme, by_country, by_search}


def test_the_author_is_not_told_about_their_own_practice(survey):
    author = UserFactory()
    follow_theme(user=author, theme=survey)
    practice = practice_in_review(survey, author=author)

    practice_approve(practice=practice, reviewer=make_editor())

    assert not new_practice_notifications(author).exists()


def test_followers_hear_in_their_daily_digest_unless_they_chose_otherwise(survey):
    digest_reader, eager = UserFactory(), UserFactory(email="eager@example.org")
    NotificationPreference.objects.create(
        user=eager, kind="knowledge.new_practice", delivery=Delivery.IMMEDIATE
    )
    for user in (digest_reader, eager):
        follow_theme(user=user, theme=survey)
    practice = practice_in_review(survey)

    practice_approve(practice=practice, reviewer=make_editor())

    assert new_practice_notifications(digest_reader).get().delivery == Delivery.DAILY
    assert new_practice_notifications(eager).get().delivery == Delivery.IMMEDIATE
    assert Email.objects.filter(to="eager@example.org").count() == 1
    assert not Email.objects.filter(to=digest_reader.email).exists()


def test_a_members_only_practice_reaches_followers_who_are_signed_in_members(survey):
    follower = UserFactory()
    follow_theme(user=follower, theme=survey)
    practice = practice_in_review(survey, visibility=Practice.Visibility.MEMBERS)

    practice_approve(practice=practice, reviewer=make_editor())

    assert new_practice_notifications(follower).count() == 1


def test_deactivated_followers_are_not_notified(survey):
    follower = UserFactory()
    follow_country(user=follower, country="CO")
    search_save(user=follower, query="q=chiefs")
    follower.is_active = False
    follower.save()

    followers_notify(practice=PracticeFactory(countries=["CO"], themes=[survey]))

    assert not new_practice_notifications().exists()


def test_a_practice_sent_back_for_changes_notifies_no_follower(client, survey):
    follower = UserFactory()
    follow_theme(user=follower, theme=survey)
    practice = practice_in_review(survey)
    client.force_login(make_editor())

    client.post(
        reverse("knowledge:practice-review", args=[practice.slug]),
        {"decision": "request_changes", "comment": "More detail, please."},
    )

    assert not new_practice_notifications().exists()


# -- Saving and removing follows -----------------------------------------------------------------


def test_the_list_page_form_saves_a_search_with_its_name(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("knowledge:follow"),
        {"query": "?page=3&country=KH&q=survey&sort=newest", "name": "Survey in Cambodia"},
    )

    assert response.status_code == 302
    follow = Follow.objects.get(user=user)
    assert (follow.query, follow.name) == ("q=survey&country=KH", "Survey in Cambodia")


def test_a_search_saved_without_a_name_gets_a_readable_one(client):
    ThemeFactory(name="Land release", slug="land-release")
    follow = search_save(user=UserFactory(), query="theme=land-release&country=UA")
    assert follow.name == "Ukraine · Land release"


def test_saving_the_same_search_twice_keeps_one(client):
    user = UserFactory()
    search_save(user=user, query="country=KH&q=survey")
    search_save(user=user, query="q=survey&country=KH", name="Renamed")
    assert Follow.objects.get(user=user).name == "Renamed"


def test_a_search_without_filters_is_refused_with_a_message(client):
    client.force_login(UserFactory())

    response = client.post(reverse("knowledge:follow"), {"query": "page=2"}, follow=True)

    assert "Choose at least one filter" in response.content.decode()
    assert not Follow.objects.exists()
    with pytest.raises(ValidationError):
        search_query_normalise("")


def test_following_a_theme_and_a_country_from_the_page(client, survey):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("knowledge:follow"), {"theme": survey.slug})
    client.post(reverse("knowledge:follow"), {"theme": survey.slug})
    client.post(reverse("knowledge:follow"), {"country": "la"})

    assert Follow.objects.filter(user=user, theme=survey).count() == 1
    assert Follow.objects.filter(user=user, country="LA").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"theme": "no-such-theme"}, "There is no theme"),
        ({"country": "XX"}, "is not a country code"),
        ({}, "Choose one theme, one country or one search"),
        ({"theme": "non-technical-survey", "country": "KH"}, "Choose one theme"),
    ],
)
def test_bad_follow_requests_explain_and_save_nothing(client, survey, data, message):
    client.force_login(UserFactory())

    response = client.post(reverse("knowledge:follow"), data, follow=True)

    assert message in response.content.decode()
    assert not Follow.objects.exists()


def test_unfollow_from_the_theme_button(client, survey):
    user = UserFactory()
    follow_theme(user=user, theme=survey)
    client.force_login(user)

    client.post(reverse("knowledge:follow"), {"theme": survey.slug, "action": "unfollow"})

    assert not Follow.objects.exists()


def test_the_following_page_lists_and_removes_what_i_follow(client, survey):
    user = UserFactory()
    theme_follow = follow_theme(user=user, theme=survey)
    follow_country(user=user, country="KH")
    search_save(user=user, query="q=dogs", name="Mine detection dogs")
    client.force_login(user)

    page = client.get(reverse("knowledge:following")).content.decode()
    assert "Non-technical survey" in page and "Cambodia" in page
    assert "Mine detection dogs" in page
    assert "/practices/?q=dogs" in page

    client.post(reverse("knowledge:unfollow", args=[theme_follow.pk]))
    assert not Follow.objects.filter(pk=theme_follow.pk).exists()
    assert Follow.objects.filter(user=user).count() == 2


def test_no_one_can_remove_someone_elses_follow(client, survey):
    theirs = follow_theme(user=UserFactory(), theme=survey)
    client.force_login(UserFactory())

    client.post(reverse("knowledge:unfollow", args=[theirs.pk]))

    assert Follow.objects.filter(pk=theirs.pk).exists()


def test_a_redirect_back_goes_only_to_this_site(client, survey):
    client.force_login(UserFactory())
    response = client.post(
        reverse("knowledge:follow"), {"theme": survey.slug, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("knowledge:following")


def test_following_needs_a_sign_in(client, survey):
    response = client.post(reverse("knowledge:follow"), {"theme": survey.slug})
    assert response.status_code == 302
    assert not Follow.objects.exists()


@pytest.mark.parametrize("size", [5, 100])
def test_the_following_page_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, size
):
    user = UserFactory()
    themes = [ThemeFactory() for _ in range(size // 5)]
    Follow.objects.bulk_create(
        [Follow(user=user, theme=theme) for theme in themes]
        + [Follow(user=user, query=f"q=word{n}", name=f"Search {n}") for n in range(size)]
    )
    client.force_login(user)

    with django_assert_max_num_queries(7):
        response = client.get(reverse("knowledge:following"))
    assert response.status_code == 200
