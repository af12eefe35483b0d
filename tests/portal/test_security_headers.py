"""The security headers, scored the way the Mozilla HTTP Observatory scores a site (issue 16).

The production settings are read from portal/settings.py in a subprocess (DJANGO_DEBUG off),
then applied to the test's requests, over https as behind the proxy. The score follows the
Observatory's published table (httpobs/docs/scoring.md): 100 to start, a penalty for each
missing or weak header, and bonuses once the rest reaches 90. No page may have inline script
or style, which the Content-Security-Policy forbids; the templates are scanned for them.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD
from tests.knowledge.factories import PracticeFactory
from tests.platform_africa.factories import member

BASE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = BASE_DIR / "templates"
HTTPS = {"secure": True, "HTTP_X_FORWARDED_PROTO": "https"}
SIX_MONTHS = 15768000

# The settings that make the headers; read as production has them.
NAMES = [
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "CROSS_ORIGIN_RESOURCE_POLICY",
]
SCRIPT = f"""
import json, django
from io import StringIO
django.setup()
from django.conf import settings
from django.core.management import call_command
out = StringIO()
call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=out)
print(json.dumps({{name: getattr(settings, name, None) for name in {NAMES!r}}}))
"""


def _production(**overrides: str) -> subprocess.CompletedProcess:
    # Not DJANGO_ALLOW_ASYNC_UNSAFE either: the browser tests set it for this process, and a
    # deployment never has it (check --deploy says async.E001).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example",
        DATABASE_URL=os.environ.get("DATABASE_URL") or "postgres://portal@db.internal/portal",
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://cache.internal:6379/0",
        DJANGO_SETTINGS_MODULE="portal.settings",
        **overrides,
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production() -> dict:
    result = _production()
    assert result.returncode == 0, result.stdout + result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_check_deploy_gives_no_warning_in_production(production):
    # The fixture's subprocess ran `check --deploy` with fail_level WARNING: it would have failed.
    assert production["DEBUG"] is False
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is False
    assert production["SECURE_SSL_REDIRECT"] is True


def test_a_proxy_that_redirects_to_https_turns_the_redirect_off():
    result = _production(SECURE_SSL_REDIRECT="0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["SECURE_SSL_REDIRECT"] is False


# The Observatory's scoring ------------------------------------------------------------------


def _csp(value: str) -> dict[str, list[str]]:
    policy: dict[str, list[str]] = {}
    for directive in filter(None, (part.strip() for part in value.split(";"))):
        name, *sources = directive.split()
        policy.setdefault(name.lower(), [source.lower() for source in sources])
    return policy


def score_csp(headers) -> tuple[int, int]:
    """(penalty, bonus) of the content-security-policy test."""
    if "Content-Security-Policy" not in headers:
        return -25, 0
    policy = _csp(headers["Content-Security-Policy"])
    default = policy.get("default-src", ["*"])
    script = policy.get("script-src", default)
    style = policy.get("style-src", default)
    objects = policy.get("object-src", default)
    broad = {"*", "https:", "http:", "data:"}
    if "'unsafe-inline'" in script or broad & set(script) or broad & set(objects):
        return -20, 0
    if any(s.startswith("http:") for sources in policy.values() for s in sources):
        return -20, 0
    if "'unsafe-eval'" in script:
        return -10, 0
    if "'unsafe-inline'" in style or broad & set(style):
        return 0, 0
    return 0, 10 if default == ["'none'"] else 5


def score_cookies(cookies: list) -> tuple[int, int]:
    if not cookies:
        return 0, 0
    penalty = 0
    for cookie in cookies:
        name = cookie.key.lower()
        session = "sess" in name or "login" in name
        if not cookie["secure"]:
            penalty = min(penalty, -40 if session else -20)
        if session and not cookie["httponly"]:
            penalty = min(penalty, -30)
        samesite = cookie["samesite"].lower()
        if samesite and samesite not in ("strict", "lax"):
            penalty = min(penalty, -20)
        if "csrf" in name and not samesite:
            penalty = min(penalty, -20)
    if penalty:
        return penalty, 0
    return 0, 5 if all(cookie["samesite"] for cookie in cookies) else 0


def score_referrer(headers) -> tuple[int, int]:
    value = headers.get("Referrer-Policy", "").strip().lower()
    if not value:
        return 0, 0
    last = value.split(",")[-1].strip()
    if last in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"):
        return 0, 5
    if last == "no-referrer-when-downgrade":
        return 0, 0
    return -5, 0


def score_hsts(headers) -> tuple[int, int]:
    match = re.search(r"max-age=(\d+)", headers.get("Strict-Transport-Security", ""))
    if not match:
        return -20, 0
    return (0 if int(match.group(1)) >= SIX_MONTHS else -10), 0


def score_sri(html: str) -> tuple[int, int]:
    sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    external = [src for src in sources if re.match(r"(https?:)?//", src)]
    return (-5 if external else 0), 0


def score_frame_options(headers) -> tuple[int, int]:
    policy = _csp(headers.get("Content-Security-Policy", ""))
    ancestors = policy.get("frame-ancestors")
    if ancestors and "*" not in ancestors and "https:" not in ancestors:
        return 0, 5
    if headers.get("X-Frame-Options", "").upper() in ("DENY", "SAMEORIGIN"):
        return 0, 0
    return -20, 0


def observatory(response, cookies: list, redirect) -> tuple[int, list[str]]:
    """The score and the results that changed it."""
    headers = response.headers
    results = {
        "content-security-policy": score_csp(headers),
        "cookies": score_cookies(cookies),
        "cors": (-50 if headers.get("Access-Control-Allow-Origin") == "*" else 0, 0),
        "redirection": (
            0
            if redirect.status_code in (301, 302, 307, 308)
            and redirect.headers["Location"].startswith("https://testserver/")
            else -20,
            0,
        ),
        "referrer-policy": score_referrer(headers),
        "strict-transport-security": score_hsts(headers),
        "subresource-integrity": score_sri(response.content.decode()),
        "x-content-type-options": (
            0 if headers.get("X-Content-Type-Options", "").lower() == "nosniff" else -5,
            0,
        ),
        "x-frame-options": score_frame_options(headers),
        "cross-origin-resource-policy": (
            0
            if headers.get("Cross-Origin-Resource-Policy", "same-origin")
            in ("same-origin", "same-site", "cross-origin")
            else -5,
            0,
        ),
    }
    score = 100 + sum(penalty for penalty, _ in results.values())
    if score >= 90:
        score += sum(bonus for _, bonus in results.values())
    notes = [f"{name} {sum(modifiers):+d}" for name, modifiers in results.items() if any(modifiers)]
    return score, notes


def _cookies(*responses) -> list:
    """The cookies the responses leave in a browser's jar (the Observatory reads a jar too): a
    cookie deleted (messages, once shown) is not kept."""
    cookies: dict[str, object] = {}
    for response in responses:
        jar = SimpleCookie()
        for cookie in response.cookies.values():
            jar.load(cookie.output(header="").strip())
        for name, cookie in jar.items():
            if str(cookie["max-age"]) == "0":
                cookies.pop(name, None)
            else:
                cookies[name] = cookie
    return list(cookies.values())


@pytest.mark.django_db
def test_every_main_page_scores_at_least_100(production):
    practice = PracticeFactory()
    user = member()
    user.set_password(PASSWORD)
    user.save()
    with override_settings(**production):
        client = Client(**HTTPS)
        anonymous = {
            "home": client.get(reverse("home")),
            "practices": client.get("/practices/"),
            "practice": client.get(practice.get_absolute_url()),
            "sign-in": client.get(reverse("account_login")),
        }
        language = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
        login = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert login.status_code == 302, login.content.decode()[:500]
        signed_in = {
            "platform requests": client.get("/platform/requests/"),
            "profile": client.get(reverse("profile")),
        }
        redirect = Client().get(reverse("home"))
        health = Client().get(reverse("healthz"))
    pages = anonymous | signed_in
    cookies = _cookies(language, login, *pages.values())
    assert {cookie.key for cookie in cookies} >= {"sessionid", "csrftoken", "django_language"}
    # /healthz answers over plain http, for a local health check.
    assert health.status_code in (200, 503)
    for name, response in pages.items():
        assert response.status_code == 200, name
        score, notes = observatory(response, cookies, redirect)
        assert score >= 100, (name, score, notes)
        headers = response.headers
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Permissions-Policy"] == (
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
        )
        policy = _csp(headers["Content-Security-Policy"])
        assert policy == {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'"],
            "base-uri": ["'self'"],
            "object-src": ["'none'"],
        }
    # 100, +5 CSP without unsafe sources, +5 cookies, +5 referrer, +5 frame-ancestors.
    assert observatory(pages["home"], cookies, redirect)[0] == 120


# Nothing inline in the pages browsers get ----------------------------------------------------

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on attribute": re.compile(r"\shx-on", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    # htmx evaluates trigger filters and js: values with eval, which the policy forbids.
    "htmx trigger filter": re.compile(r"hx-trigger=\"(?:[^\"]*,\s*)?[\w:.-]+\[", re.I),
    "htmx js: value": re.compile(r"hx-(vals|vars|headers)=['\"]\s*js:", re.I),
}


def _browser_templates() -> list[Path]:
    """Every HTML template but the PDFs' (WeasyPrint, on the server) and the emails'."""
    return [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if not {"pdf", "emails"} & set(path.relative_to(TEMPLATES).parts[:-1])
        and not path.stem.endswith("_pdf")
    ]


def test_no_template_served_to_browsers_has_inline_script_or_style():
    templates = _browser_templates()
    assert len(templates) > 50
    found = [
        f"{path.relative_to(BASE_DIR)}: {name}"
        for path in templates
        for name, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


def test_the_scan_finds_what_it_looks_for():
    for sample in (
        "<script>alert(1)</script>",
        '<p style="color: red">',
        "<style>p {}</style>",
        '<a href="javascript:void(0)">',
        '<button onclick="go()">',
        '<form hx-on::config-request="x()">',
        '<form hx-trigger="change[target.checked]">',
        '<form hx-trigger="submit, change[target.checked]">',
    ):
        assert any(pattern.search(sample) for pattern in INLINE.values()), sample
    for sample in (
        '<script src="/static/js/portal.js" defer></script>',
        '<div hx-trigger="change from:input[name=themes]">',
        '<script type="application/json">{}</script>',
    ):
        assert not any(pattern.search(sample) for pattern in INLINE.values()), sample
