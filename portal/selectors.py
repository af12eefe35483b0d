from django.db.models import Count, Q

from portal.models import Organisation, User


def headline_figures() -> dict[str, int]:
    """The live figures on the home page, in two queries."""
    organisations = Organisation.objects.aggregate(
        organisations=Count("pk"),
        countries=Count("country", distinct=True, filter=~Q(country="")),
        national_authorities=Count("pk", filter=Q(kind=Organisation.Kind.NATIONAL_AUTHORITY)),
    )
    members = User.objects.filter(is_active=True).count()
    return {**organisations, "members": members}
