"""With Redis down, pages are served without the cache (issue 15): a miss, not a 500."""

import pytest

from portal.cache import TolerantRedisCache
from tests.factories import PASSWORD, UserFactory

# Nothing listens on port 1: every connection is refused at once, as when Redis is stopped.
DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": DOWN,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    TolerantRedisCache.paused_until = 0.0
    yield
    TolerantRedisCache.paused_until = 0.0


def test_a_cache_that_cannot_reach_redis_answers_as_an_empty_one():
    cache = TolerantRedisCache(DOWN, {"OPTIONS": {"socket_connect_timeout": 1}})

    assert cache.get("practice-list", "fallback") == "fallback"
    cache.set("practice-list", "page", 60)  # no error
    assert cache.add("lock", 1) is True  # a lock is taken, not waited for
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("computed", lambda: 42) == 42
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("a") is False


@pytest.mark.django_db
def test_visitors_read_search_and_sign_in_while_redis_is_down(client, redis_down):
    user = UserFactory(email="olena@example.org")

    assert client.get("/practices/").status_code == 200
    assert client.get("/practices/", {"q": "non-technical survey"}).status_code == 200
    signed_in = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/exports/").status_code == 200
