"""Runs in CI with DATABASE_URL and REDIS_URL unset: the embedded services must carry the site."""

import pytest
from django.conf import settings
from django.urls import reverse

from portal import devservices


@pytest.mark.django_db
def test_site_answers_on_whatever_services_the_environment_provides(client):
    response = client.get(reverse("healthz"))
    assert response.json()["database"] == "ok"
    assert response.json()["redis"] == "ok"
    assert client.get(reverse("home")).status_code == 200


def test_without_urls_the_embedded_services_are_used(request):
    if not request.config.devservices_used:
        pytest.skip("the environment names its own database and Redis")
    assert settings.DATABASES["default"]["PORT"] == devservices.PG_PORT
    assert str(devservices.VALKEY_PORT) in settings.REDIS_URL
    assert devservices.status() == {"postgres": True, "valkey": True}
