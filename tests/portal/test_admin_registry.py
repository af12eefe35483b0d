"""Every model of the project's apps is in the admin, and each one's list and record open for a
superuser with rows in them."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse
from simple_history.models import HistoricalChanges

from knowledge.models import (
    Attachment,
    Review,
    SearchIndexChange,
    ThesaurusConcept,
)
from knowledge.services.engagement import application_record, comment_post, useful_toggle
from knowledge.services.follow import follow_theme
from knowledge.services.thesaurus import thesaurus_concept_save
from platform_africa.models import (
    Invitation,
    Message,
    RequestAttachment,
    RequestEvent,
    Subscription,
    SupportRequest,
)
from portal.models import Email
from portal.notifications.models import Notification, NotificationPreference
from portal.organisations.services import organisation_alias_set
from tests.exports.factories import ExportJobFactory
from tests.factories import OrganisationFactory
from tests.knowledge.factories import OutcomeFactory, PracticeFactory, ThemeFactory
from tests.platform_africa.factories import MembershipFactory, OfferFactory, SupportRequestFactory
from tests.trainings.factories import EnrolmentFactory, PersonFactory
from trainings.models import (
    Certificate,
    Enrolment,
    ImportBatch,
    PersonPairCandidate,
    PersonPairDecision,
)
from trainings.services.people import person_merge

pytestmark = pytest.mark.django_db


def project_models() -> list[type[Model]]:
    """The models of the apps that live in this repository (not Django's, not a library's).
    simple_history's copies are left out: they are read on their model's history page."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).parts
        for model in config.get_models()
        if not issubclass(model, HistoricalChanges)
    ]


MODELS = project_models()


def test_the_project_has_the_apps_it_is_made_of():
    labels = {model._meta.app_label for model in MODELS}

    assert labels == {
        "portal",
        "notifications",
        "exports",
        "knowledge",
        "trainings",
        "platform_africa",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_is_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.fixture
def rows(admin_user) -> None:  # noqa: ANN001
    """At least one row of every model, written through the services where there is one."""
    organisation = OrganisationFactory()
    organisation_alias_set(spelling="M.A.C.", organisation=organisation, user=admin_user)
    Email.objects.create(to="someone@example.org", subject="Hello", body_text="Hello.")
    NotificationPreference.objects.create(
        user=admin_user, kind="knowledge.reviewed", delivery="daily"
    )
    Notification.objects.create(
        recipient=admin_user, kind="knowledge.reviewed", title="Published", delivery="in_app"
    )
    ExportJobFactory(owner=admin_user)

    theme = ThemeFactory()
    practice = PracticeFactory(themes=[theme])
    OutcomeFactory(practice=practice)
    Attachment.objects.create(practice=practice, title="Report", file="practices/r.pdf", kind="pdf")
    Review.objects.create(practice=practice, reviewer=admin_user, decision="approved")
    application_record(practice=practice, user=admin_user, country="CO")
    useful_toggle(practice=practice, user=admin_user)
    comment_post(practice=practice, author=admin_user, body="We did the same in Angola.")
    follow_theme(user=admin_user, theme=theme)
    thesaurus_concept_save(slug="nts", terms={"en": ["non-technical survey", "NTS"]})
    if not SearchIndexChange.objects.exists():
        SearchIndexChange.objects.create(practice_id=practice.pk)

    enrolment = EnrolmentFactory(status=Enrolment.Status.COMPLETED)
    Certificate.objects.create(enrolment=enrolment, number="CMAC-2026-0001", verification_code="A")
    person_merge(kept=enrolment.person, merged=PersonFactory(), choices={}, user=None)
    ImportBatch.objects.create(session=enrolment.session, filename="list.csv", sha256="0" * 64)
    low, high = sorted([PersonFactory(), PersonFactory()], key=lambda person: person.pk)
    PersonPairCandidate.objects.create(person_low=low, person_high=high, score=80, reasons=["name"])
    PersonPairDecision.objects.create(person_low=low, person_high=high, decided_by=admin_user)

    membership = MembershipFactory(is_admin=True)
    support_request = SupportRequestFactory(organisation=membership.organisation)
    OfferFactory(request=support_request)
    Invitation.objects.create(organisation=membership.organisation, email="new@example.org")
    RequestEvent.objects.create(
        request=support_request,
        actor=membership.user,
        from_status=SupportRequest.Status.SUBMITTED,
        to_status=SupportRequest.Status.OPEN,
    )
    RequestAttachment.objects.create(request=support_request, file="platform/a.pdf", name="a.pdf")
    Message.objects.create(request=support_request, author=membership.user, body="We can help.")
    Subscription.objects.create(user=membership.user, kinds=["equipment"])
    assert ThesaurusConcept.objects.exists()


def test_the_admin_lists_and_opens_every_model(admin_client, rows):
    # One test for every model: the rows take seconds to write, the pages milliseconds.
    failures = {}
    for model in MODELS:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        first = model.objects.order_by("pk").first()
        if first is None:
            failures[model._meta.label] = "no row written"
            continue
        listed = admin_client.get(reverse(f"{name}_changelist"))
        shown = admin_client.get(reverse(f"{name}_change", args=[first.pk]))
        if listed.status_code != 200 or listed.context["cl"].result_count < 1:
            failures[model._meta.label] = f"list {listed.status_code}"
        elif shown.status_code != 200:
            failures[model._meta.label] = f"record {shown.status_code}"

    assert failures == {}
