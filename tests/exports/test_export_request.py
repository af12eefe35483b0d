import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.exports import services
from portal.exports.models import ExportJob
from tests.factories import OrganisationFactory, UserFactory

from .factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_staff_request_creates_a_queued_job_and_enqueues_it_on_commit(
    django_capture_on_commit_callbacks, broker_queue
):
    def sent() -> list[int]:
        return [args[0] for args in broker_queue("portal.exports.tasks.build_export")]

    owner = StaffFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_request(
            owner=owner, kind="portal.organisations", fmt="csv", parameters={}
        )
        assert sent() == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent() == [job.pk]
    assert (job.status, job.owner, job.format) == (ExportJob.Status.QUEUED, owner, "csv")


def test_superuser_may_request_the_staff_report():
    admin = UserFactory(is_superuser=True)
    job = services.export_request(owner=admin, kind="portal.organisations_summary", fmt="pdf")
    assert job.status == ExportJob.Status.QUEUED


def test_member_cannot_request_the_staff_report_and_nothing_is_written():
    with pytest.raises(PermissionDenied, match="do not have permission.*Organisations list"):
        services.export_request(owner=UserFactory(), kind="portal.organisations", fmt="csv")
    assert not ExportJob.objects.exists()


def test_inactive_staff_cannot_request_the_staff_report():
    with pytest.raises(PermissionDenied):
        services.export_request(
            owner=StaffFactory(is_active=False), kind="portal.organisations", fmt="csv"
        )


def test_unknown_report_is_refused_by_name():
    with pytest.raises(ValidationError, match="no report called “payroll”"):
        services.export_request(owner=StaffFactory(), kind="payroll", fmt="csv")
    assert not ExportJob.objects.exists()


def test_format_the_report_does_not_come_in_is_refused():
    with pytest.raises(ValidationError, match="not available as PDF"):
        services.export_request(owner=StaffFactory(), kind="portal.organisations", fmt="pdf")
    assert not ExportJob.objects.exists()


def test_country_option_is_kept_when_it_is_valid():
    OrganisationFactory(country="ZM")
    job = services.export_request(
        owner=StaffFactory(), kind="portal.organisations", fmt="xlsx", parameters={"country": "ZM"}
    )
    assert job.parameters == {"country": "ZM"}


def test_unknown_country_option_is_refused_with_the_field_named():
    OrganisationFactory(country="ZM")
    with pytest.raises(ValidationError, match="Country: Select a valid choice"):
        services.export_request(
            owner=StaffFactory(),
            kind="portal.organisations",
            fmt="csv",
            parameters={"country": "ZZ"},
        )
    assert not ExportJob.objects.exists()


def test_options_for_a_report_that_takes_none_are_refused():
    with pytest.raises(ValidationError, match="takes no options"):
        services.export_request(
            owner=StaffFactory(),
            kind="portal.organisations_summary",
            fmt="pdf",
            parameters={"country": "ZM"},
        )
