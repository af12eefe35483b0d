"""Every reader in their own language: plurals by count, stored phrases, accessible names."""

import re
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from platform_africa.models import Invitation, MemberOrganisation, RequestEvent, SupportRequest
from platform_africa.services.membership import invitation_create
from platform_africa.services.offers import offer_accept
from platform_africa.services.requests import (
    subscribers_notify,
    subscription_set,
    support_request_transition,
)
from portal.i18n import Phrase
from tests.factories import OrganisationFactory, UserFactory
from tests.platform_africa.factories import (
    MemberOrganisationFactory,
    MembershipFactory,
    OfferFactory,
    SupportRequestFactory,
    member,
)

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status
COVERED = "The accepted offers cover the request."


@pytest.fixture
def french(settings, tmp_path: Path) -> None:
    """A small French catalogue of our own: the project's may not hold these strings yet."""
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    for msgid, msgstr in {
        COVERED: "Les offres acceptées couvrent la demande.",
        "New request: %(title)s": "Nouvelle demande : %(title)s",
    }.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po.save_as_mofile(str(folder / "django.mo"))
    # Changing LOCALE_PATHS empties Django's translation cache, before and after the test.
    settings.LOCALE_PATHS = [str(tmp_path)]


class _Buttons(HTMLParser):
    """Each button's accessible text (visible and visually hidden) by its form's action."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        self._action = ""
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self._action = dict(attrs).get("action") or ""
        elif tag == "button":
            self._inside = True
            self.names[self._action] = dict(attrs).get("aria-label") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "button":
            self._inside = False
            self.names[self._action] = " ".join(self.names[self._action].split())

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.names[self._action] += data


def _partner(name: str) -> MemberOrganisation:
    return MemberOrganisationFactory(
        organisation=OrganisationFactory(name=name), role=MemberOrganisation.Role.PARTNER
    )


def test_each_offer_button_names_the_organisation_whose_offer_it_answers(client):
    request = SupportRequestFactory()
    client.force_login(member(request.organisation))
    jica = OfferFactory(request=request, organisation=_partner("JICA Zambia Office"))
    cmac = OfferFactory(request=request, organisation=_partner("CMAC"))

    parser = _Buttons()
    parser.feed(client.get(request.get_absolute_url()).content.decode())

    for offer in (jica, cmac):
        name = str(offer.organisation.organisation)
        accept = parser.names[reverse("platform:offer-decide", args=[offer.pk, "accept"])]
        decline = parser.names[reverse("platform:offer-decide", args=[offer.pk, "decline"])]
        assert accept == f"Accept the offer from {name}"
        assert decline == f"Decline the offer from {name}"


def test_the_dashboard_counts_one_request_in_the_singular_and_two_in_the_plural(
    client, secretariat
):
    client.force_login(secretariat)
    SupportRequestFactory()
    page = client.get(reverse("platform:dashboard")).content.decode()
    assert "<strong>1</strong> request opened" in page
    SupportRequestFactory()
    page = client.get(reverse("platform:dashboard")).content.decode()
    assert "<strong>2</strong> requests opened" in page


def test_the_board_counts_requests_and_offers_in_the_singular_and_the_plural(client):
    request = SupportRequestFactory()
    OfferFactory(request=request)
    page = client.get(reverse("platform:request-list")).content.decode()
    assert re.search(r"\b1 request\b(?!s)", page) and re.search(r"\b1 offer\b(?!s)", page)
    OfferFactory(request=request)
    SupportRequestFactory()
    page = client.get(reverse("platform:request-list")).content.decode()
    assert "2 requests" in page and "2 offers" in page and "0 offers" in page


def test_one_waiting_invitation_is_singular_and_two_are_plural(client):
    admin = MembershipFactory(is_admin=True)
    client.force_login(admin.user)
    Invitation.objects.create(organisation=admin.organisation, email="a@example.org")
    page = client.get(reverse("platform:organisation")).content.decode()
    assert "Invitation waiting: a@example.org" in page
    Invitation.objects.create(organisation=admin.organisation, email="b@example.org")
    page = client.get(reverse("platform:organisation")).content.decode()
    assert "Invitations waiting: a@example.org, b@example.org" in page


def test_subscribers_are_told_with_the_english_message_id_whatever_the_workers_language(
    secretariat,
):
    subscriber = member()
    subscription_set(user=subscriber, kinds=["cooperation"], countries=[], themes=[])
    request = SupportRequestFactory(status=Status.SUBMITTED, opened_at=None, title="Dogs")
    support_request_transition(request=request, user=secretariat, to=Status.OPEN)

    with (
        mock.patch("platform_africa.services.requests.notify", return_value=[]) as notify,
        translation.override("fr"),
    ):
        subscribers_notify(request_id=request.pk)

    title = notify.call_args.kwargs["title"]
    assert isinstance(title, Phrase)
    assert title.to_json() == {"message": "New request: %(title)s", "params": {"title": "Dogs"}}


def test_the_subscribers_title_reads_in_the_readers_language(french):
    title = Phrase.from_json({"message": "New request: %(title)s", "params": {"title": "Dogs"}})
    with translation.override("fr"):
        assert title.render() == "Nouvelle demande : Dogs"
    with translation.override("en"):
        assert title.render() == "New request: Dogs"


def test_a_status_notification_keeps_the_status_as_a_message_id(secretariat):
    request = SupportRequestFactory(status=Status.SUBMITTED, opened_at=None)
    with mock.patch("platform_africa.services.requests.notify") as notify:
        support_request_transition(request=request, user=secretariat, to=Status.DRAFT)
    title = notify.call_args.kwargs["title"]
    assert title.message == "“%(title)s” is now %(status)s"
    assert title.params["status"] == {"msgid": "Draft"}


def test_the_systems_reason_on_the_timeline_reads_in_the_readers_language(client, french):
    request = SupportRequestFactory(quantity=1)
    requester = member(request.organisation)
    offer = OfferFactory(request=request, quantity=1)
    with translation.override("uk"):  # whoever accepts, in whatever language
        offer_accept(offer=offer, user=requester)

    event = RequestEvent.objects.get(request=request)
    assert (event.to_status, event.reason) == (Status.IN_PROGRESS, "")
    assert event.reason_phrase == {"message": COVERED, "params": {}}
    client.force_login(requester)
    french_page = client.get(request.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Les offres acceptées couvrent la demande." in french_page.content.decode()
    english_page = client.get(request.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert f"Reason: {COVERED}" in english_page.content.decode()


def test_a_persons_reason_stays_as_they_wrote_it(secretariat):
    request = SupportRequestFactory(status=Status.SUBMITTED, opened_at=None)
    support_request_transition(
        request=request, user=secretariat, to=Status.DECLINED, reason="  Hors sujet  "
    )
    event = RequestEvent.objects.get(request=request)
    assert (event.reason, event.reason_phrase, event.reason_text) == (
        "Hors sujet",
        None,
        "Hors sujet",
    )


def test_an_invitation_to_someone_with_an_account_is_written_in_their_language():
    admin = MembershipFactory(is_admin=True, user=UserFactory(preferred_language="en"))
    UserFactory(email="colleague@example.org", preferred_language="fr")
    seen = []
    with mock.patch(
        "platform_africa.services.membership.email_queue",
        side_effect=lambda **kwargs: seen.append(translation.get_language()),
    ):
        invitation_create(
            organisation=admin.organisation, user=admin.user, email="Colleague@example.org"
        )
    assert seen == ["fr"]


def test_text_people_wrote_takes_its_own_direction_on_a_request_page(client):
    """A request written in English reads left to right on an Arabic page (full stop at the end)."""
    support_request = SupportRequestFactory(status="open", title="Detectors for EOD teams")
    page = client.get(
        support_request.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert '<h1 dir="auto">Detectors for EOD teams</h1>' in page
    assert f'<p class="lead" dir="auto">{support_request.summary}</p>' in page
