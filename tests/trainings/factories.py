import datetime

import factory

from tests.factories import OrganisationFactory
from trainings.models import Enrolment, Person, Programme, Session


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"JICA-CMAC programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    host = factory.SubFactory(OrganisationFactory)
    year_start = 2010


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Land release course {n}")
    start_date = datetime.date(2025, 6, 2)
    end_date = datetime.date(2025, 6, 13)
    venue = "CMAC Training Centre, Kampong Chhnang"
    host_country = "KH"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Participant Number{n}")
    sex = Person.Sex.FEMALE
    age_band = Person.AgeBand.FROM_35_TO_44
    nationality = "KH"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    person = factory.SubFactory(PersonFactory)
    session = factory.SubFactory(SessionFactory)
    status = Enrolment.Status.CONFIRMED
