import pytest
from django.contrib.messages import get_messages

from knowledge.models import Application, Comment, Practice, UsefulMark
from knowledge.services.engagement import (
    AlreadyApplied,
    application_record,
    comment_post,
    useful_toggle,
)
from portal.notifications.models import Notification
from tests.factories import UserFactory

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_member_records_that_they_applied_a_practice_in_a_country(client):
    practice = PracticeFactory()
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        f"{practice.get_absolute_url()}applied/",
        {"country": "CO", "outcome": "Survey days fell by 65%", "note": ""},
        follow=True,
    )

    application = Application.objects.get()
    assert (application.user, application.country.code) == (user, "CO")
    assert application.outcome == "Survey days fell by 65%"
    assert response.redirect_chain[-1][0] == f"{practice.get_absolute_url()}#applied"
    assert "Applied in 1 country" in response.content.decode()


def test_applying_twice_in_the_same_country_is_refused_with_a_message(client):
    practice = PracticeFactory()
    client.force_login(UserFactory())
    url = f"{practice.get_absolute_url()}applied/"
    client.post(url, {"country": "CO"})

    response = client.post(url, {"country": "CO"}, follow=True)

    assert Application.objects.count() == 1
    assert "You have already said you applied this practice in Colombia." in messages_of(response)
    assert "You have already said you applied this practice in Colombia." in (
        response.content.decode()
    )


def test_the_same_person_may_apply_a_practice_in_another_country():
    practice = PracticeFactory()
    user = UserFactory()
    application_record(practice=practice, user=user, country="CO")

    application_record(practice=practice, user=user, country="KH")
    with pytest.raises(AlreadyApplied):
        application_record(practice=practice, user=user, country="KH")

    assert Application.objects.count() == 2


def test_applying_without_a_country_shows_the_error_and_saves_nothing(client):
    practice = PracticeFactory()
    client.force_login(UserFactory())

    response = client.post(f"{practice.get_absolute_url()}applied/", {"country": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Application.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_recorded(client):
    practice = PracticeFactory()

    response = client.post(f"{practice.get_absolute_url()}applied/", {"country": "CO"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Application.objects.exists()


def test_engaging_with_a_draft_someone_else_wrote_is_not_found(client):
    draft = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)
    client.force_login(UserFactory())

    for action, data in (
        ("applied", {"country": "CO"}),
        ("useful", {}),
        ("comments", {"body": "?"}),
    ):
        assert client.post(f"{draft.get_absolute_url()}{action}/", data).status_code == 404
    assert not Application.objects.exists()
    assert not UsefulMark.objects.exists()
    assert not Comment.objects.exists()


def test_engage_endpoints_refuse_get(client):
    practice = PracticeFactory()
    client.force_login(UserFactory())

    assert client.get(f"{practice.get_absolute_url()}useful/").status_code == 405


def test_useful_toggles_on_and_off_and_keeps_the_count(client):
    practice = PracticeFactory()
    first, second = UserFactory(), UserFactory()
    url = f"{practice.get_absolute_url()}useful/"

    client.force_login(first)
    client.post(url)
    client.force_login(second)
    client.post(url)
    practice.refresh_from_db()
    assert practice.useful_count == 2

    client.post(url)
    practice.refresh_from_db()
    assert practice.useful_count == 1
    assert list(UsefulMark.objects.values_list("user", flat=True)) == [first.pk]


def test_useful_toggle_returns_the_new_state():
    practice = PracticeFactory()
    user = UserFactory()

    assert useful_toggle(practice=practice, user=user) is True
    assert useful_toggle(practice=practice, user=user) is False
    assert useful_toggle(practice=practice, user=user) is True
    practice.refresh_from_db()
    assert practice.useful_count == 1


def test_useful_with_htmx_swaps_just_the_button(client):
    practice = PracticeFactory()
    client.force_login(UserFactory())

    response = client.post(f"{practice.get_absolute_url()}useful/", headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in content
    assert "1 person found this useful" in content
    assert "<html" not in content


def test_a_comment_notifies_the_author_and_earlier_participants_but_not_the_commenter():
    author, asker, other, bystander = (UserFactory() for _ in range(4))
    practice = PracticeFactory(author=author)
    comment_post(practice=practice, author=asker, body="How many teams did you use?")
    Notification.objects.all().delete()

    comment_post(practice=practice, author=other, body="We used four.")

    recipients = set(
        Notification.objects.filter(kind="knowledge.comment").values_list("recipient", flat=True)
    )
    assert recipients == {author.pk, asker.pk}
    assert bystander.pk not in recipients
    notification = Notification.objects.filter(recipient=author).get()
    assert notification.body == "We used four."
    assert notification.url.startswith(practice.get_absolute_url())


def test_the_author_answering_notifies_the_askers_but_not_the_author():
    author, asker = UserFactory(), UserFactory()
    practice = PracticeFactory(author=author)
    comment_post(practice=practice, author=asker, body="How?")
    Notification.objects.all().delete()

    comment_post(practice=practice, author=author, body="Like this.")

    assert list(Notification.objects.values_list("recipient", flat=True)) == [asker.pk]


def test_posting_a_question_shows_it_under_the_practice(client):
    practice = PracticeFactory()
    client.force_login(UserFactory(name="Sophea"))

    response = client.post(
        f"{practice.get_absolute_url()}comments/", {"body": "Which detectors?"}, follow=True
    )

    content = response.content.decode()
    assert "Which detectors?" in content
    assert "Sophea" in content
    assert "Your message has been posted." in content


def test_an_empty_question_is_refused_with_an_error(client):
    practice = PracticeFactory()
    client.force_login(UserFactory())

    response = client.post(f"{practice.get_absolute_url()}comments/", {"body": "   "})

    assert response.status_code == 400
    assert not Comment.objects.exists()
