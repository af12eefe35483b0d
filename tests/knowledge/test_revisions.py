"""Every change to a practice is kept; editors see who changed what, and when."""

import pytest
from django.urls import reverse

from knowledge.models import Practice
from knowledge.services.workflow import (
    PracticeContent,
    practice_approve,
    practice_create,
    practice_submit,
    practice_update,
)
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory
from .test_workflow import make_editor

pytestmark = pytest.mark.django_db


def content(**overrides: object) -> PracticeContent:
    values = {
        "title": "Mechanical demining in Cambodia",
        "summary": "Machines cleared vegetation before manual teams.",
        "body": "Body text",
        "kind": Practice.Kind.GOOD_PRACTICE,
        "themes": [ThemeFactory(name="Mechanical demining", slug="mechanical-demining")],
        "countries": ["KH"],
        "year_start": 2019,
    }
    values.update(overrides)
    return PracticeContent(**values)


def test_the_revisions_page_shows_who_changed_what(client):
    author = UserFactory(name="Dara Author")
    editor = make_editor(name="Vanna Editor")
    practice = practice_create(author=author, content=content())
    land_release = ThemeFactory(name="Land release", slug="land-release")
    practice_update(
        practice=practice,
        user=author,
        content=content(
            title="Mechanical demining with swing-type machines",
            countries=["KH", "UA"],
            year_start=2021,
            themes=[land_release],
        ),
    )
    practice_submit(practice=practice, user=author)
    practice_approve(practice=practice, reviewer=editor)
    client.force_login(make_editor())

    response = client.get(reverse("knowledge:practice-revisions", args=[practice.slug]))

    assert response.status_code == 200
    revisions = response.context["revisions"]
    # Newest first: published by the editor, submitted, edited, written.
    assert [r.record.history_user for r in revisions] == [editor, author, author, author]
    assert revisions[-1].created
    edited = {change.label: (change.old, change.new) for change in revisions[2].changes}
    assert edited["Title"] == (
        "Mechanical demining in Cambodia",
        "Mechanical demining with swing-type machines",
    )
    assert edited["Countries"] == ("Cambodia", "Cambodia, Ukraine")
    assert edited["From year"] == ("2019", "2021")
    assert edited["Themes"] == ("Mechanical demining", "Land release")
    published = {change.label: change.new for change in revisions[0].changes}
    assert published["Status"] == "Published"
    html = response.content.decode()
    assert "Vanna Editor" in html and "Dara Author" in html
    assert "Mechanical demining with swing-type machines" in html


def test_long_text_changes_are_summarised_not_shown_in_full(client):
    author = UserFactory()
    practice = practice_create(author=author, content=content(body="short"))
    practice_update(practice=practice, user=author, content=content(body="long " * 200))
    client.force_login(make_editor())

    response = client.get(reverse("knowledge:practice-revisions", args=[practice.slug]))

    change = next(c for c in response.context["revisions"][0].changes if c.label == "Text")
    assert not change.short
    assert "characters" in response.content.decode()


def test_the_author_who_is_not_an_editor_is_refused(client):
    author = UserFactory()
    practice = practice_create(author=author, content=content())
    client.force_login(author)

    response = client.get(reverse("knowledge:practice-revisions", args=[practice.slug]))

    assert response.status_code == 403


def test_a_member_cannot_see_revisions_of_a_published_practice(client):
    practice = PracticeFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("knowledge:practice-revisions", args=[practice.slug]))
    assert response.status_code == 403


def test_a_member_cannot_learn_that_someone_elses_draft_exists(client):
    practice = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)
    client.force_login(UserFactory())
    response = client.get(reverse("knowledge:practice-revisions", args=[practice.slug]))
    assert response.status_code == 404


def test_a_visitor_is_sent_to_sign_in(client):
    practice = PracticeFactory()
    response = client.get(reverse("knowledge:practice-revisions", args=[practice.slug]))
    assert response.status_code == 302


@pytest.mark.parametrize("edits", [3, 60])
def test_the_revisions_page_costs_the_same_queries_however_long_the_history(
    client, django_assert_max_num_queries, edits
):
    author = UserFactory()
    practice = practice_create(author=author, content=content())
    for number in range(edits):
        practice_update(practice=practice, user=author, content=content(title=f"Title {number}"))
    client.force_login(make_editor())

    with django_assert_max_num_queries(12):
        response = client.get(reverse("knowledge:practice-revisions", args=[practice.slug]))
    assert response.status_code == 200
