"""The home, notifications and reports pages cost the same number of queries at any size."""

import re

import pytest
from django.urls import reverse

from portal.exports.models import ExportJob
from portal.notifications.kinds import WELCOME
from portal.notifications.services import notify
from tests.exports.factories import DoneExportJobFactory, ExportJobFactory, StaffFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.query_counts import assert_flat_queries

pytestmark = pytest.mark.django_db

COUNTRIES = ["KH", "CO", "LA", "UA", "AO", "ET", "IQ", "NG", "SO", "SS", "VN", "ZM"]


def _organisations_and_members(start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        OrganisationFactory(country=COUNTRIES[n % len(COUNTRIES)])
        UserFactory()
    return []


def test_home_for_a_visitor(client, django_assert_max_num_queries):
    # The two figures queries.
    counts = assert_flat_queries(
        client,
        reverse("home"),
        _organisations_and_members,
        budget=3,
        max_queries=django_assert_max_num_queries,
    )
    assert counts == [2, 2]


def test_home_for_a_member(client, django_assert_max_num_queries):
    client.force_login(UserFactory())
    # Session, user, the two figures queries, roles and unread notifications (base.html).
    assert_flat_queries(
        client,
        reverse("home"),
        _organisations_and_members,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_notifications_centre(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            notify([user], WELCOME.name, title=f"Notice {n:03d}", body=f"Body {n}", url="/")
        return [f"Notice {n:03d}" for n in range(start, stop)]

    assert_flat_queries(
        client,
        reverse("notifications:list"),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_reports_page(client, django_assert_max_num_queries):
    owner = StaffFactory()
    client.force_login(owner)
    statuses = [ExportJob.Status.QUEUED, ExportJob.Status.RUNNING, ExportJob.Status.FAILED]

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            country = COUNTRIES[n % len(COUNTRIES)]
            if n % 2:
                DoneExportJobFactory(owner=owner, parameters={"country": country})
            else:
                ExportJobFactory(owner=owner, status=statuses[n % 3], kind="trainings.participants")
        return []

    assert_flat_queries(
        client,
        reverse("exports:list"),
        build,
        budget=8,
        max_queries=django_assert_max_num_queries,
    )
    page = client.get(reverse("exports:list")).content.decode()
    assert len(set(re.findall(r'href="/exports/(\d+)/"', page))) == 12
