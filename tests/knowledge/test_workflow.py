"""Writing a practice, submitting it, and an editor publishing it or asking for changes."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from knowledge.models import Outcome, Practice, Review
from knowledge.services.workflow import (
    RESERVED_SLUGS,
    OutcomeData,
    PracticeContent,
    practice_approve,
    practice_archive,
    practice_create,
    practice_request_changes,
    practice_submit,
    practice_update,
)
from portal.notifications.models import Notification
from portal.permissions import Role
from tests.factories import UserFactory
from tests.portal.helpers import deliver_queued_emails

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def make_editor(**kwargs: object):
    editor = UserFactory(**kwargs)
    editor.groups.add(Group.objects.get(name=Role.EDITOR))
    return type(editor).objects.get(pk=editor.pk)


def content(**overrides: object) -> PracticeContent:
    values = {
        "title": "Community liaison in non-technical survey",
        "summary": "Survey teams worked with village chiefs.",
        "body": "## What was done\n\nTeams met chiefs first.",
        "kind": Practice.Kind.GOOD_PRACTICE,
        "themes": [ThemeFactory(name="Non-technical survey", slug="non-technical-survey")],
        "countries": ["CO"],
    }
    values.update(overrides)
    return PracticeContent(**values)


def form_data(theme, **overrides: object) -> dict:
    data = {
        "title": "Swing-type demining machines in Ukraine",
        "summary": "CMAC trained SESU operators on swing-type machines.",
        "body": "## Training\n\nTen operators were trained.",
        "kind": Practice.Kind.CASE_STUDY,
        "themes": [str(theme.pk)],
        "countries": ["UA", "KH"],
        "year_start": "2023",
        "year_end": "2024",
        "language": "en",
        "hdp_pillars": ["humanitarian"],
        "imas_references": "IMAS 09.50, imas 09.10",
        "visibility": "public",
        "translation_of": "",
        "outcomes-TOTAL_FORMS": "2",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "20",
        "outcomes-0-indicator": "Square metres cleared per day",
        "outcomes-0-baseline": "500",
        "outcomes-0-result": "1500",
        "outcomes-0-unit": "m²",
        "action": "save",
    }
    data.update(overrides)
    return data


def in_review(author=None) -> Practice:
    practice = PracticeFactory(
        status=Practice.Status.IN_REVIEW, published_at=None, author=author or UserFactory()
    )
    return practice


# -- Writing ------------------------------------------------------------------------------------


def test_a_member_writes_a_draft_with_outcomes_through_the_form(client):
    author = UserFactory()
    theme = ThemeFactory()
    client.force_login(author)

    response = client.post(reverse("knowledge:practice-create"), form_data(theme))

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:practice-edit", args=[practice.slug])
    assert practice.slug == "swing-type-demining-machines-in-ukraine"
    assert practice.status == Practice.Status.DRAFT
    assert practice.author == author
    assert practice.countries == ["UA", "KH"]
    assert practice.imas_references == ["IMAS 09.50", "IMAS 09.10"]
    assert practice.has_outcomes is True
    outcome = practice.outcomes.get()
    assert (outcome.indicator, outcome.baseline, outcome.result) == (
        "Square metres cleared per day",
        Decimal("500"),
        Decimal("1500"),
    )
    assert "<h2>Training</h2>" in practice.body_html


def test_the_create_page_is_for_signed_in_members_only(client):
    response = client.get(reverse("knowledge:practice-create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Give the practice a title."),
        ({"year_start": "2024", "year_end": "2020"}, "year_end", "cannot be before the start"),
        ({"countries": ["XX"]}, "countries", "is not a country in the list"),
        ({"imas_references": "ISO 9001"}, "imas_references", "is not an IMAS reference"),
        ({"themes": []}, "themes", "Choose at least one theme."),
        ({"translation_of": "no-such-practice"}, "translation_of", "no published practice"),
    ],
)
def test_invalid_input_shows_an_error_and_writes_nothing(client, overrides, field, message):
    client.force_login(UserFactory())
    theme = ThemeFactory()

    response = client.post(reverse("knowledge:practice-create"), form_data(theme, **overrides))

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not Practice.objects.exists()
    assert not Practice.history.exists()
    assert not Outcome.objects.exists()


def test_an_outcome_row_without_numbers_is_refused_and_nothing_is_written(client):
    client.force_login(UserFactory())
    data = form_data(ThemeFactory(), **{"outcomes-0-baseline": ""})

    response = client.post(reverse("knowledge:practice-create"), data)

    assert "Give the value before." in response.content.decode()
    assert not Practice.objects.exists()


def test_preview_renders_the_markdown_below_the_form_without_saving(client):
    client.force_login(UserFactory())
    data = form_data(ThemeFactory(), body="## Lessons\n\n- first\n- second", action="preview")

    response = client.post(reverse("knowledge:practice-create"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="preview"' in html
    assert "<h2>Lessons</h2>" in html and "<li>first</li>" in html
    assert not Practice.objects.exists()


def test_script_in_markdown_is_removed_from_the_stored_html():
    body = "Hello <script>alert('x')</script> [link](javascript:alert(1)) <img src=x onerror=y>"
    practice = practice_create(author=UserFactory(), content=content(body=body))

    assert "<script" not in practice.body_html
    assert "javascript:" not in practice.body_html
    assert "onerror" not in practice.body_html


def test_script_is_not_shown_in_the_preview_either(client):
    client.force_login(UserFactory())
    data = form_data(ThemeFactory(), body="<script>alert(1)</script>", action="preview")

    response = client.post(reverse("knowledge:practice-create"), data)

    assert "<script>alert(1)" not in response.content.decode()


def test_slugs_are_unique_and_never_a_reserved_word():
    author = UserFactory()
    first = practice_create(author=author, content=content(title="Land release"))
    second = practice_create(author=author, content=content(title="Land release"))
    reserved = practice_create(author=author, content=content(title="New"))
    review = practice_create(author=author, content=content(title="Review"))

    assert (first.slug, second.slug) == ("land-release", "land-release-2")
    assert reserved.slug not in RESERVED_SLUGS and reserved.slug == "new-2"
    assert review.slug == "review-2"
    assert reverse("knowledge:practice-edit", args=[reserved.slug]) == "/practices/new-2/edit/"


def test_the_new_page_is_never_taken_for_a_practice_called_new(client):
    PracticeFactory(slug="new")  # made before slugs were reserved
    client.force_login(UserFactory())
    response = client.get("/practices/new/")
    assert response.status_code == 200
    assert "Write a practice" in response.content.decode()


def test_the_author_edits_a_draft_and_the_outcomes_follow(client):
    author = UserFactory()
    practice = practice_create(
        author=author,
        content=content(outcomes=[OutcomeData("Days per survey", Decimal(20), Decimal(7), "days")]),
    )
    assert practice.has_outcomes

    practice_update(practice=practice, user=author, content=content(title="Renamed", outcomes=[]))

    practice.refresh_from_db()
    assert practice.title == "Renamed"
    assert practice.slug == "community-liaison-in-non-technical-survey"
    assert practice.has_outcomes is False
    assert not practice.outcomes.exists()


def test_a_published_practice_cannot_be_edited_by_its_author(client):
    author = UserFactory()
    practice = PracticeFactory(author=author)
    client.force_login(author)

    assert client.get(reverse("knowledge:practice-edit", args=[practice.slug])).status_code == 403
    with pytest.raises(PermissionDenied):
        practice_update(practice=practice, user=author, content=content())


def test_someone_elses_draft_is_not_found(client):
    practice = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)
    client.force_login(UserFactory())
    response = client.get(reverse("knowledge:practice-edit", args=[practice.slug]))
    assert response.status_code == 404


def test_a_translation_must_point_to_a_published_practice():
    draft = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError) as error:
        practice_create(author=UserFactory(), content=content(translation_of=draft))
    assert "translation_of" in error.value.message_dict


def test_every_save_is_one_revision_by_the_person_who_saved():
    author = UserFactory()
    practice = practice_create(author=author, content=content())
    practice_update(practice=practice, user=author, content=content(title="Second title"))

    records = list(practice.history.order_by("history_date"))
    assert len(records) == 2
    assert [record.history_user for record in records] == [author, author]
    assert records[-1].title == "Second title"


# -- Submitting and reviewing -------------------------------------------------------------------


def test_submitting_notifies_every_editor_but_not_the_author(client):
    editors = [make_editor(), make_editor()]
    author = make_editor()
    practice = practice_create(author=author, content=content())

    practice_submit(practice=practice, user=author)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.IN_REVIEW
    assert practice.submitted_at is not None
    notified = Notification.objects.filter(kind="knowledge.review_requested")
    assert {n.recipient for n in notified} == set(editors)
    assert all(
        n.url == reverse("knowledge:practice-review", args=[practice.slug]) for n in notified
    )


def test_save_and_submit_in_one_step_from_the_form(client):
    make_editor()
    author = UserFactory()
    client.force_login(author)

    response = client.post(
        reverse("knowledge:practice-create"), form_data(ThemeFactory(), action="submit")
    )

    assert response.status_code == 302
    assert Practice.objects.get().status == Practice.Status.IN_REVIEW


def test_only_the_author_can_submit():
    practice = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)
    with pytest.raises(PermissionDenied):
        practice_submit(practice=practice, user=UserFactory())


def test_an_author_cannot_approve_their_own_practice_in_the_service():
    author = make_editor()
    practice = in_review(author)

    with pytest.raises(PermissionDenied, match="your own practice"):
        practice_approve(practice=practice, reviewer=author)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.IN_REVIEW
    assert not Review.objects.exists()


def test_an_author_cannot_approve_their_own_practice_through_the_page(client):
    author = make_editor()
    practice = in_review(author)
    client.force_login(author)
    url = reverse("knowledge:practice-review", args=[practice.slug])

    assert client.get(url).status_code == 403
    response = client.post(url, {"decision": "approve"})

    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.status == Practice.Status.IN_REVIEW


def test_a_member_who_is_not_an_editor_cannot_review(client):
    practice = in_review()
    client.force_login(UserFactory())
    url = reverse("knowledge:practice-review", args=[practice.slug])

    # They cannot even see someone else's practice in review.
    assert client.post(url, {"decision": "approve"}).status_code == 404
    with pytest.raises(PermissionDenied):
        practice_approve(practice=practice, reviewer=UserFactory())


def test_an_editor_publishes_a_practice_and_the_author_is_told(client):
    editor = make_editor()
    author = UserFactory()
    practice = in_review(author)
    client.force_login(editor)

    response = client.post(
        reverse("knowledge:practice-review", args=[practice.slug]), {"decision": "approve"}
    )

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.published_at is not None
    assert Review.objects.get().decision == Review.Decision.APPROVED
    told = Notification.objects.get(kind="knowledge.reviewed")
    assert told.recipient == author and "is published" in told.title


def test_request_changes_emails_the_author_the_editors_comment(client):
    editor = make_editor(name="Sokha Editor")
    author = UserFactory(email="author@example.org")
    practice = in_review(author)
    client.force_login(editor)
    comment = "Please add the number of villages surveyed before and after."

    response = client.post(
        reverse("knowledge:practice-review", args=[practice.slug]),
        {"decision": "request_changes", "comment": comment},
    )
    assert response.status_code == 302
    deliver_queued_emails()

    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["author@example.org"]
    assert practice.title in message.subject
    assert comment in message.body
    assert reverse("knowledge:practice-edit", args=[practice.slug]) in message.body


def test_the_author_sees_the_comment_on_the_edit_page_and_in_my_practices(client):
    editor = make_editor()
    author = UserFactory()
    practice = in_review(author)
    practice_request_changes(practice=practice, reviewer=editor, comment="Add a photo please.")
    client.force_login(author)

    edit = client.get(reverse("knowledge:practice-edit", args=[practice.slug]))
    mine = client.get(reverse("knowledge:my-practices"))

    assert "Add a photo please." in edit.content.decode()
    assert "Add a photo please." in mine.content.decode()


def test_request_changes_without_a_comment_is_refused(client):
    editor = make_editor()
    practice = in_review()
    client.force_login(editor)

    response = client.post(
        reverse("knowledge:practice-review", args=[practice.slug]),
        {"decision": "request_changes", "comment": "  "},
    )

    assert response.status_code == 200
    assert "Tell the author what to change." in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Practice.Status.IN_REVIEW
    with pytest.raises(ValidationError):
        practice_request_changes(practice=practice, reviewer=editor, comment="")


def test_a_draft_cannot_be_approved():
    practice = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError, match="not waiting for review"):
        practice_approve(practice=practice, reviewer=make_editor())


def test_editors_archive_and_members_cannot(client):
    practice = PracticeFactory()
    url = reverse("knowledge:practice-archive", args=[practice.slug])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403

    client.force_login(make_editor())
    client.post(url)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.ARCHIVED
    with pytest.raises(PermissionDenied):
        practice_archive(practice=PracticeFactory(), user=UserFactory())


# -- Queues -------------------------------------------------------------------------------------


def test_the_review_queue_lists_practices_in_review_oldest_first(client):
    older, newer = in_review(), in_review()
    Practice.objects.filter(pk=older.pk).update(submitted_at="2025-01-01T00:00Z")
    Practice.objects.filter(pk=newer.pk).update(submitted_at="2025-02-01T00:00Z")
    PracticeFactory(title="Already published")
    client.force_login(make_editor())

    response = client.get(reverse("knowledge:review-queue"))

    titles = [practice.title for practice in response.context["page"].object_list]
    assert titles == [older.title, newer.title]


def test_the_review_queue_is_for_editors_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("knowledge:review-queue")).status_code == 403


def test_my_practices_lists_only_my_own_with_their_status(client):
    author = UserFactory()
    PracticeFactory(author=author, title="Mine published")
    PracticeFactory(author=author, title="Mine draft", status="draft", published_at=None)
    PracticeFactory(title="Someone else's")
    client.force_login(author)

    response = client.get(reverse("knowledge:my-practices"))

    html = response.content.decode()
    assert "Mine published" in html and "Mine draft" in html
    assert "Someone else" not in html
    assert "Published" in html and "Draft" in html


@pytest.mark.parametrize("size", [10, 150])
def test_the_review_queue_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, size
):
    themes = [ThemeFactory(), ThemeFactory()]
    author = UserFactory()
    practices = Practice.objects.bulk_create(
        Practice(
            title=f"Waiting {n}",
            slug=f"waiting-{n}",
            summary="s",
            body="b",
            kind=Practice.Kind.GOOD_PRACTICE,
            status=Practice.Status.IN_REVIEW,
            author=author,
        )
        for n in range(size)
    )
    Practice.themes.through.objects.bulk_create(
        Practice.themes.through(practice_id=practice.pk, theme_id=theme.pk)
        for practice in practices
        for theme in themes
    )
    client.force_login(make_editor())

    with django_assert_max_num_queries(8):
        response = client.get(reverse("knowledge:review-queue"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 150])
def test_my_practices_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, size
):
    author = UserFactory()
    Practice.objects.bulk_create(
        Practice(
            title=f"Mine {n}",
            slug=f"mine-{n}",
            summary="s",
            body="b",
            kind=Practice.Kind.GOOD_PRACTICE,
            author=author,
        )
        for n in range(size)
    )
    client.force_login(author)

    with django_assert_max_num_queries(7):
        response = client.get(reverse("knowledge:my-practices"))
    assert response.status_code == 200


# -- Admin --------------------------------------------------------------------------------------


def test_the_admin_lists_filters_and_opens_practices_with_their_history(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    practice = practice_create(author=admin, content=content())
    client.force_login(admin)

    changelist = client.get(reverse("admin:knowledge_practice_changelist") + "?status__exact=draft")
    change = client.get(reverse("admin:knowledge_practice_change", args=[practice.pk]))
    history = client.get(reverse("admin:knowledge_practice_history", args=[practice.pk]))

    assert changelist.status_code == change.status_code == history.status_code == 200
    assert practice.title in changelist.content.decode()
    for name in ("theme", "review", "application", "comment", "follow"):
        assert client.get(reverse(f"admin:knowledge_{name}_changelist")).status_code == 200


def test_saving_the_edit_form_unchanged_keeps_every_outcome_and_removes_ticked_ones(client):
    author = UserFactory()
    practice = practice_create(
        author=author,
        content=content(
            outcomes=[
                OutcomeData("Days per survey", Decimal(20), Decimal(7), "days"),
                OutcomeData("Accidents", Decimal(12), Decimal(3)),
            ]
        ),
    )
    client.force_login(author)
    url = reverse("knowledge:practice-edit", args=[practice.slug])
    page = client.get(url)
    form, outcomes = page.context["form"], page.context["outcomes"]
    data = {
        name: value
        for name, value in {
            **form.initial,
            "themes": [t.pk for t in form.initial["themes"]],
        }.items()
        if value is not None
    }
    data.update(
        {
            "outcomes-TOTAL_FORMS": str(outcomes.total_form_count()),
            "outcomes-INITIAL_FORMS": "2",
            "outcomes-MIN_NUM_FORMS": "0",
            "outcomes-MAX_NUM_FORMS": "20",
            "action": "save",
        }
    )
    for index, row in enumerate(outcomes.initial):
        for name, value in row.items():
            data[f"outcomes-{index}-{name}"] = value

    client.post(url, data)
    assert list(practice.outcomes.values_list("indicator", flat=True)) == [
        "Days per survey",
        "Accidents",
    ]

    client.post(url, {**data, "outcomes-0-DELETE": "on"})
    assert list(practice.outcomes.values_list("indicator", flat=True)) == ["Accidents"]
    practice.refresh_from_db()
    assert practice.has_outcomes
