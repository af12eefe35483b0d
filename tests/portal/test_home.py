import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_shows_live_figures_from_the_database(client):
    OrganisationFactory.create_batch(3, country="ZM")
    OrganisationFactory(country="KH")
    OrganisationFactory(country="", kind="un")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["organisations"] == 5
    assert figures["countries"] == 2
    assert figures["national_authorities"] == 4


@pytest.mark.parametrize("organisations", [2, 40])
def test_home_query_count_does_not_grow_with_data(
    client, django_assert_max_num_queries, organisations
):
    OrganisationFactory.create_batch(organisations)
    user = UserFactory()
    client.force_login(user)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("home")).status_code == 200


def test_anonymous_home_offers_sign_in_and_no_member_menu(client):
    content = client.get(reverse("home")).content.decode()
    assert reverse("account_login") in content
    assert reverse("account_logout") not in content


def test_signed_in_home_has_account_menu_with_sign_out(client):
    client.force_login(UserFactory(name="Sokha Chan"))
    content = client.get(reverse("home")).content.decode()
    assert "Sokha Chan" in content
    assert reverse("account_logout") in content


def test_unknown_page_gets_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert reverse("home") in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert 'href="/"' in html
    assert "<main" in html
