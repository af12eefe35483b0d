"""Every list page of the knowledge base costs the same number of queries at 2 and 12 rows."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from knowledge.models import Application, Attachment, Comment, Follow, Practice, Review
from portal.permissions import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.query_counts import assert_flat_queries

from .factories import OutcomeFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

COUNTRIES = ["KH", "CO", "LA", "UA", "AO", "ET", "IQ", "NG", "SO", "SS", "VN", "ZM"]
KINDS = list(Practice.Kind.values)


def _editor() -> object:
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.EDITOR.value)[0])
    return user


def _practices(start: int, stop: int, **fields: object) -> list[Practice]:
    """Practices each with their own author, organisations, themes, country and kind."""
    made = []
    for n in range(start, stop):
        author = UserFactory(name=f"Author {n:03d}", organisation=OrganisationFactory())
        practice = PracticeFactory(
            **{
                "title": f"Practice {n:03d} on survey",
                "author": author,
                "countries": [COUNTRIES[n % 12], COUNTRIES[(n + 1) % 12]],
                "kind": KINDS[n % len(KINDS)],
                "year_start": 2010 + n,
                "themes": [ThemeFactory(name=f"Theme {n:03d}"), ThemeFactory()],
                **fields,
            }
        )
        practice.organisations.add(OrganisationFactory(), OrganisationFactory())
        if n % 2:
            OutcomeFactory(practice=practice)
        made.append(practice)
    return made


def _titles(practices: list[Practice]) -> list[str]:
    return [practice.title for practice in practices]


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_practice_list(client, django_assert_max_num_queries, signed_in):
    if signed_in:
        client.force_login(UserFactory())

    def build(start: int, stop: int) -> list[str]:
        visibility = Practice.Visibility.MEMBERS if signed_in else Practice.Visibility.PUBLIC
        return _titles(_practices(start, stop, visibility=visibility))

    # The count, the facets and the page's ids come from the cache, each behind the data
    # version; then the page's practices, their themes and organisations (signed in: + session,
    # user, roles and unread notifications).
    assert_flat_queries(
        client,
        reverse("knowledge:practice-list"),
        build,
        budget=10 if signed_in else 6,  # one query asks whether the search index is in step
        max_queries=django_assert_max_num_queries,
    )


def test_practice_list_with_filters(client, django_assert_max_num_queries):
    themes = [ThemeFactory(name="Land release"), ThemeFactory(name="Victim assistance")]
    params = urlencode(
        [("theme", t.slug) for t in themes]
        + [("country", "KH"), ("country", "CO"), ("kind", KINDS[0]), ("year", "2020")],
    )

    def build(start: int, stop: int) -> list[str]:
        practices = _practices(
            start, stop, themes=[themes[start % 2]], countries=["KH"], kind=KINDS[0]
        )
        for practice in practices:
            practice.themes.add(ThemeFactory())
            Practice.objects.filter(pk=practice.pk).update(year_start=2018, year_end=2022)
        return _titles(practices)

    assert_flat_queries(
        client,
        reverse("knowledge:practice-list") + "?" + params,
        build,
        budget=6,  # one query asks whether the search index is in step
        max_queries=django_assert_max_num_queries,
    )


def test_practice_list_search(client, django_assert_max_num_queries):
    # Fewer than three results would add the "did you mean" query: start at three.
    assert_flat_queries(
        client,
        reverse("knowledge:practice-list") + "?q=survey",
        lambda start, stop: _titles(
            _practices(start, stop, summary="Shorter non-technical survey with communities.")
        ),
        budget=6,  # one query asks whether the search index is in step
        max_queries=django_assert_max_num_queries,
        sizes=(3, 13),
    )
    page = client.get(reverse("knowledge:practice-list") + "?q=survey").content.decode()
    assert page.count("<mark>") >= 13


def test_practice_feed(client, django_assert_max_num_queries):
    assert_flat_queries(
        client,
        reverse("knowledge:practice-feed"),
        lambda start, stop: _titles(_practices(start, stop)),
        budget=3,
        max_queries=django_assert_max_num_queries,
    )


def test_practice_page_with_its_lists(client, django_assert_max_num_queries):
    client.force_login(UserFactory())
    practice = _practices(0, 1)[0]

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            practice.themes.add(ThemeFactory())
            practice.organisations.add(OrganisationFactory(name=f"Partner {n:03d}"))
            OutcomeFactory(practice=practice, indicator=f"Indicator {n:03d}")
            Attachment.objects.create(
                practice=practice, title=f"File {n:03d}", file=f"p/{n}.pdf", kind="pdf", size=10
            )
            commenter = UserFactory(name=f"Commenter {n:03d}")
            Comment.objects.create(practice=practice, author=commenter, body=f"Question {n:03d}")
            Application.objects.create(practice=practice, user=commenter, country=COUNTRIES[n])
            PracticeFactory(title=f"Traduction {n:03d}", translation_of=practice, language="fr")
        return [
            text
            for n in range(start, stop)
            for text in (f"Partner {n:03d}", f"Indicator {n:03d}", f"File {n:03d}")
            + (f"Commenter {n:03d}", f"Question {n:03d}")
        ]

    assert_flat_queries(
        client,
        practice.get_absolute_url(),
        build,
        budget=16,
        max_queries=django_assert_max_num_queries,
    )


def test_review_queue(client, django_assert_max_num_queries):
    client.force_login(_editor())
    assert_flat_queries(
        client,
        reverse("knowledge:review-queue"),
        lambda start, stop: _titles(
            _practices(start, stop, status=Practice.Status.IN_REVIEW, published_at=None)
        ),
        budget=8,
        max_queries=django_assert_max_num_queries,
    )


def test_my_practices(client, django_assert_max_num_queries):
    author = UserFactory()
    reviewer = _editor()
    client.force_login(author)
    statuses = list(Practice.Status.values)

    def build(start: int, stop: int) -> list[str]:
        practices = _practices(start, stop, author=author)
        for n, practice in enumerate(practices, start):
            Practice.objects.filter(pk=practice.pk).update(status=statuses[n % len(statuses)])
            Review.objects.create(
                practice=practice,
                reviewer=reviewer,
                decision=Review.Decision.CHANGES_REQUESTED,
                comment=f"Please add numbers {n:03d}",
            )
        return _titles(practices)

    assert_flat_queries(
        client,
        reverse("knowledge:my-practices"),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_following_and_saved_searches(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)

    def build(start: int, stop: int) -> list[str]:
        texts = []
        for n in range(start, stop):
            theme = ThemeFactory(name=f"Followed theme {n:03d}")
            PracticeFactory(themes=[theme])
            Follow.objects.create(user=user, theme=theme)
            Follow.objects.create(user=user, country=COUNTRIES[n])
            Follow.objects.create(user=user, query=f"q=search{n:03d}", name=f"Saved search {n:03d}")
            texts += [f"Followed theme {n:03d}", f"Saved search {n:03d}"]
        return texts

    assert_flat_queries(
        client,
        reverse("knowledge:following"),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_practice_revisions(client, django_assert_max_num_queries):
    client.force_login(_editor())
    practice = _practices(0, 1)[0]

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            practice.title = f"Revised title {n:03d}"
            practice.themes.add(ThemeFactory(name=f"Added theme {n:03d}"))
            practice.save()
        # Each change is two revisions (themes, then title): the newest are on the first page.
        return [f"Revised title {stop - 1:03d}", f"Added theme {stop - 1:03d}"]

    assert_flat_queries(
        client,
        reverse("knowledge:practice-revisions", args=[practice.slug]),
        build,
        budget=12,
        max_queries=django_assert_max_num_queries,
        # More than a page of revisions at both sizes: the one before the page is then read too.
        sizes=(10, 20),
    )


def test_review_page_with_its_lists(client, django_assert_max_num_queries):
    client.force_login(_editor())
    practice = _practices(0, 1, status=Practice.Status.IN_REVIEW, published_at=None)[0]

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            practice.themes.add(ThemeFactory(name=f"Reviewed theme {n:03d}"))
            practice.organisations.add(OrganisationFactory(name=f"Partner {n:03d}"))
            OutcomeFactory(practice=practice, indicator=f"Indicator {n:03d}")
            Attachment.objects.create(
                practice=practice, title=f"File {n:03d}", file=f"p/{n}.pdf", kind="pdf", size=10
            )
            Review.objects.create(
                practice=practice,
                reviewer=UserFactory(name=f"Reviewer {n:03d}"),
                decision=Review.Decision.CHANGES_REQUESTED,
                comment=f"Comment {n:03d}",
            )
        return [
            text
            for n in range(start, stop)
            for text in (
                f"Reviewed theme {n:03d}",
                f"Partner {n:03d}",
                f"Indicator {n:03d}",
                f"File {n:03d}",
                f"Reviewer {n:03d}",
            )
        ]

    assert_flat_queries(
        client,
        reverse("knowledge:practice-review", args=[practice.slug]),
        build,
        budget=12,
        max_queries=django_assert_max_num_queries,
    )


def test_edit_page_with_outcomes_and_attachments(client, django_assert_max_num_queries):
    author = UserFactory()
    client.force_login(author)
    practice = _practices(0, 1, author=author, status=Practice.Status.DRAFT, published_at=None)[0]

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            practice.themes.add(ThemeFactory())
            practice.organisations.add(OrganisationFactory())
            OutcomeFactory(practice=practice, indicator=f"Indicator {n:03d}")
            Attachment.objects.create(
                practice=practice, title=f"File {n:03d}", file=f"p/{n}.pdf", kind="pdf", size=10
            )
        return [
            text for n in range(start, stop) for text in (f"Indicator {n:03d}", f"File {n:03d}")
        ]

    assert_flat_queries(
        client,
        reverse("knowledge:practice-edit", args=[practice.slug]),
        build,
        budget=13,
        max_queries=django_assert_max_num_queries,
    )
