import factory
from django.utils import timezone

from platform_africa.models import MemberOrganisation, Membership, Offer, SupportRequest
from tests.factories import OrganisationFactory, UserFactory


class MemberOrganisationFactory(factory.django.DjangoModelFactory):
    """An approved member organisation unless told otherwise."""

    class Meta:
        model = MemberOrganisation

    organisation = factory.SubFactory(OrganisationFactory)
    role = MemberOrganisation.Role.MEMBER
    kind = "national_authority"
    country = "ZM"
    mandate = "Coordinates mine action in the country."
    focal_point_name = "Focal Point"
    focal_point_email = factory.Sequence(lambda n: f"focal{n}@example.org")
    status = MemberOrganisation.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(MemberOrganisationFactory)
    user = factory.SubFactory(UserFactory)
    is_admin = False


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """An open request, public summary with members-only details, unless told otherwise."""

    class Meta:
        model = SupportRequest

    organisation = factory.SubFactory(MemberOrganisationFactory)
    kind = "cooperation"
    nexus = SupportRequest.Nexus.OPERATIONAL
    title = factory.Sequence(lambda n: f"Request number {n}")
    summary = "A short public summary."
    description = "The members-only details of what is needed."
    country = "ZM"
    status = SupportRequest.Status.OPEN
    opened_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    request = factory.SubFactory(SupportRequestFactory)
    organisation = factory.SubFactory(
        MemberOrganisationFactory, role=MemberOrganisation.Role.PARTNER
    )
    description = "Two trainers for two weeks."


def member(organisation: MemberOrganisation | None = None, **kwargs: object) -> object:
    """A user acting for an (approved) organisation."""
    membership = MembershipFactory(
        **({"organisation": organisation} if organisation else {}), **kwargs
    )
    return membership.user
