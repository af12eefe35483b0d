"""The trainings factories with the defaults the statistics, certificate and report tests want:
enrolments completed (so people count as trained), participants from Colombia."""

from __future__ import annotations

from typing import TYPE_CHECKING

import factory
from django.contrib.auth.models import Group

from portal.models import Organisation
from portal.permissions import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.trainings import factories
from trainings.models import Enrolment, Person

if TYPE_CHECKING:
    from portal.models import User

ProgrammeFactory = factories.ProgrammeFactory
SessionFactory = factories.SessionFactory


class PersonFactory(factories.PersonFactory):
    age_band = Person.AgeBand.FROM_25_TO_34
    nationality = "CO"


class EnrolmentFactory(factories.EnrolmentFactory):
    person = factory.SubFactory(PersonFactory)
    status = Enrolment.Status.COMPLETED


def coordinator(**kwargs: object) -> User:
    """A user with the training coordinator role (as many as a test needs)."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=Role.TRAINING_COORDINATOR.value)[0])
    return user


def organisation(name: str) -> Organisation:
    """The organisation of this name, made once (names are unique)."""
    found = Organisation.objects.filter(name=name).first()
    return found or OrganisationFactory(name=name)
