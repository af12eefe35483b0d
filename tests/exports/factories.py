import datetime

import factory
from django.utils import timezone

from portal.exports.models import ExportJob
from portal.models import Organisation
from tests.factories import UserFactory


class StaffFactory(UserFactory):
    is_staff = True


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportJob

    owner = factory.SubFactory(StaffFactory)
    kind = "portal.organisations"
    format = "csv"
    heartbeat_at = factory.LazyFunction(timezone.now)


class DoneExportJobFactory(ExportJobFactory):
    """A built report with a small file in storage."""

    status = ExportJob.Status.DONE
    progress = 100
    row_count = 1
    file = factory.django.FileField(filename="organisations.csv", data=b"Name\r\nCMAC\r\n")
    finished_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


def organisations_bulk(count: int, *, batch_size: int = 5000, **fields: object) -> None:
    """Many organisations, fast: bulk inserts in batches, no factory per row."""
    kinds = list(Organisation.Kind.values)
    countries = ["KH", "CO", "LA", "UA", "AO", "ET", "IQ", "NG", "SO", "SS", "VN", "ZM"]
    for start in range(0, count, batch_size):
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Organisation {number:07d}",
                acronym=f"O{number}",
                country=countries[number % len(countries)],
                kind=kinds[number % len(kinds)],
                website=f"https://org{number}.example.org",
                **fields,
            )
            for number in range(start, min(start + batch_size, count))
        )
