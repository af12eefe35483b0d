"""Test setup: real PostgreSQL and Redis (embedded ones when the environment names none)."""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from portal import devservices
from portal.celery import app as celery_app
from tests.smtp import Handler

# Tests keep to their own Redis database, so they never share a queue or a cache with a site
# running on the same server.
TEST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "15"))


def _test_redis_url(url: str) -> str:
    base = re.sub(r"/\d*$", "", url.split("?")[0])
    return f"{base}/{TEST_REDIS_DB}"


def pytest_configure(config: pytest.Config) -> None:
    config.devservices_used = devservices.wanted()
    config.devservices_started = devservices.up() if config.devservices_used else []
    redis_url = _test_redis_url(settings.REDIS_URL)
    settings.REDIS_URL = redis_url
    settings.CACHES["default"]["LOCATION"] = redis_url
    settings.CELERY_BROKER_URL = redis_url
    celery_app.conf.broker_url = redis_url
    # Close connections after each task, so a worker thread never holds the test database open.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_unconfigure(config: pytest.Config) -> None:
    if getattr(config, "devservices_started", None):
        devservices.down(config.devservices_started)


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate limits and used TOTP codes live in the cache: every test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Every test starts in the site's language: a request through the test client leaves the
    language its LocaleMiddleware chose active in this thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def mail_dir(settings, tmp_path: Path) -> Path:
    """Email lands as files, as it does in development (var/mail/), in a folder of this test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path / "mail"


@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[object]:
    """A real Celery worker consuming from Redis in a thread of this process."""
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING") as w:
        yield w


@pytest.fixture
def broker_queue() -> Iterator[object]:
    """What was published to the real broker: `broker_queue("portal.tasks.x")` gives the
    arguments of each message of that task waiting in the queue, oldest first."""
    import base64
    import json

    import redis

    celery_app.control.purge()
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def published(task: str) -> list[tuple]:
        found = []
        for raw in reversed(client.lrange("celery", 0, -1)):
            message = json.loads(raw)
            if message["headers"]["task"] == task:
                args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
                found.append(tuple(args))
        return found

    yield published
    celery_app.control.purge()


@pytest.fixture
def broker_down() -> Iterator[Callable[[], None]]:
    """The broker stops answering (nothing listens on port 1); calling what this gives brings it
    back, as the end of the test does."""
    from portal import dispatch

    def point_at(url: str) -> None:
        celery_app.conf.broker_url = url
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        dispatch.resume()

    working = celery_app.conf.broker_url
    point_at("redis://127.0.0.1:1/0")
    yield lambda: point_at(working)
    point_at(working)


@pytest.fixture
def smtp_server(settings) -> Iterator[Handler]:
    """A real SMTP server on a free local port; the site's email goes to it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_RETRY_BACKOFF = 0.2
    try:
        yield handler
    finally:
        controller.stop()
