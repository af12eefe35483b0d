"""Messages of the knowledge base are whole translatable sentences, with plurals by count, and
notification titles are stored so that each reader reads them in their own language."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation

from knowledge.services import engagement, follow, workflow
from knowledge.services.workflow import PracticeContent, practice_content_check
from knowledge.views.browse import change_label
from portal.i18n import Phrase
from portal.permissions import Role
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _editor() -> object:
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.EDITOR.value)[0])
    return user


def _content(**fields: object) -> PracticeContent:
    values = {
        "title": "Land release",
        "summary": "What changed.",
        "body": "Text.",
        "kind": "good_practice",
        "themes": [ThemeFactory()],
        **fields,
    }
    return PracticeContent(**values)


def _country_error(codes: list[str]) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        practice_content_check(_content(countries=codes))
    with translation.override("en"):
        return raised.value.message_dict["countries"][0]


def test_one_unknown_country_code_is_named_in_the_singular():
    assert _country_error(["XX"]) == "Unknown country code: XX."


def test_two_unknown_country_codes_are_named_in_the_plural():
    assert _country_error(["XX", "YY"]) == "Unknown country codes: XX, YY."


def test_a_large_change_is_grouped_in_the_readers_language():
    with translation.override("en"):
        assert change_label(Decimal("2700")) == "+2,700%"
    with translation.override("fr"):
        label = change_label(Decimal("2700"))
    assert "," not in label
    assert re.fullmatch(r"\+2\s700\s?%", label), label


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The keyword arguments of every notify() call the knowledge services make."""
    calls: list[dict] = []

    def notify(recipients: object, kind: str, **kwargs: object) -> list:
        calls.append({"kind": kind, **kwargs})
        return []

    for module in (workflow, engagement, follow):
        monkeypatch.setattr(module, "notify", notify)
    return calls


def _stored(phrase: object) -> dict:
    assert isinstance(phrase, Phrase)
    return phrase.to_json()


def test_a_published_practice_notifies_its_author_with_a_phrase_not_frozen_text(sent):
    practice = PracticeFactory(title="Dogs", status="in_review", published_at=None)
    with translation.override("fr"):
        workflow.practice_approve(practice=practice, reviewer=_editor())

    told = next(call for call in sent if call["kind"] == "knowledge.reviewed")
    assert _stored(told["title"]) == {
        "message": "“%(title)s” is published",
        "params": {"title": "Dogs"},
    }


def test_a_submitted_practice_notifies_editors_with_a_phrase(sent):
    author = UserFactory()
    practice = PracticeFactory(title="Dogs", status="draft", published_at=None, author=author)

    workflow.practice_submit(practice=practice, user=author)

    assert _stored(sent[0]["title"])["message"] == "“%(title)s” is waiting for review"


def test_changes_requested_and_comments_and_followers_are_told_with_phrases(sent):
    author = UserFactory()
    practice = PracticeFactory(title="Dogs", status="in_review", published_at=None, author=author)
    reviewer = _editor()
    workflow.practice_request_changes(practice=practice, reviewer=reviewer, comment="Add numbers.")
    engagement.comment_post(practice=practice, author=UserFactory(), body="A question")

    messages = [_stored(call["title"])["message"] for call in sent]
    assert messages == ["Changes requested for “%(title)s”", "New message under “%(title)s”"]


def test_followers_of_a_new_practice_are_told_with_a_phrase(sent):
    theme = ThemeFactory()
    reader = UserFactory()
    follow.follow_theme(user=reader, theme=theme)
    practice = PracticeFactory(title="Dogs", themes=[theme])

    follow.followers_notify(practice=practice)

    assert _stored(sent[0]["title"]) == {
        "message": "New practice: %(title)s",
        "params": {"title": "Dogs"},
    }
