import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_updates_profile_and_sees_confirmation(client):
    user = UserFactory()
    organisation = OrganisationFactory(name="Zambia Mine Action Centre")
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {
            "name": "Mwila Banda",
            "organisation": organisation.pk,
            "country": "ZM",
            "preferred_language": "fr",
        },
        follow=True,
    )
    assert "Your profile has been saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.name, user.organisation, user.country.code) == ("Mwila Banda", organisation, "ZM")


def test_preferred_language_is_used_for_the_pages(client):
    client.force_login(UserFactory(preferred_language="fr"))
    response = client.get(reverse("account_change_password"))
    assert response.wsgi_request.LANGUAGE_CODE == "fr"
    assert 'lang="fr"' in response.content.decode()


def test_profile_with_unknown_country_is_refused_and_nothing_changes(client):
    user = UserFactory(name="Before")
    client.force_login(user)
    response = client.post(reverse("profile"), {"name": "After", "country": "XX"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.name == "Before"
