"""/favicon.ico, /robots.txt and /.well-known/security.txt."""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert "img/favicon" in response["Location"] and response["Location"].endswith(".ico")
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_names_its_icon(client):
    page = client.get(reverse("home")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*img/favicon\.svg"', page)


def test_robots_txt_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for private in ("/accounts/", "/exports/", "/admin/", "/notifications/", "/trainings/"):
        assert f"Disallow: {private}" in lines
    assert "Allow: /trainings/statistics/" in lines
    assert not any(line in ("Disallow: /", "Disallow: /practices/") for line in lines)


def _fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.splitlines() if line)


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.SECURITY_CONTACT = "security@portal.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.content.decode())
    assert fields["Contact"] == "mailto:security@portal.example.org"
    assert fields["Preferred-Languages"] == "en, fr, es, pt, ar, uk"
    assert fields["Canonical"] == "https://portal.example.org/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    ahead = expires - datetime.now(UTC)
    assert timedelta(days=360) < ahead <= timedelta(days=366)


def test_security_contact_defaults_to_the_sites_host():
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SECURITY_CONTACT)",
        ],
        env={
            **{k: v for k, v in os.environ.items() if k != "SECURITY_CONTACT"},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SITE_URL": "https://mineaction.example.org",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "security@mineaction.example.org"
