"""The cache is a help, never a need: with Redis down, pages are served without it.

Django's RedisCache raises on a lost connection, so one Redis restart made the practice list,
search, the exports page and the sign-in POST (allauth keeps its rate limits in the cache)
answer 500. Here a read that fails is a miss and a write that fails is skipped, with a
warning; after a failure the cache is not asked again for a few seconds, so a page does not
wait for a timeout at every call while Redis is away. Rate limits are not enforced meanwhile
(they fail open, as a miss).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# Seconds without asking Redis after a failure.
PAUSE = 5.0


def _tolerant(method: Callable[..., Any], fallback: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def call(self: TolerantRedisCache, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self.paused_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as exc:
            self.paused_until = time.monotonic() + PAUSE
            logger.warning("Cache unavailable (%s): served without it", type(exc).__name__)
            return fallback(*args, **kwargs)

    return call


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _true(*args: Any, **kwargs: Any) -> bool:
    return True


def _empty(*args: Any, **kwargs: Any) -> dict:
    return {}


def _keys(data: Any, *args: Any, **kwargs: Any) -> list:
    # set_many returns the keys it could not set: all of them.
    return list(data)


class TolerantRedisCache(RedisCache):
    paused_until = 0.0

    get = _tolerant(RedisCache.get, _default)
    get_many = _tolerant(RedisCache.get_many, _empty)
    has_key = _tolerant(RedisCache.has_key, _false)
    set = _tolerant(RedisCache.set, _nothing)
    set_many = _tolerant(RedisCache.set_many, _keys)
    # As if added: a lock taken with add (allauth's rate limits, cached_latest) lets the caller
    # go on, where "someone else holds it" would make it wait, then refuse (429).
    add = _tolerant(RedisCache.add, _true)
    touch = _tolerant(RedisCache.touch, _false)
    delete = _tolerant(RedisCache.delete, _false)
    delete_many = _tolerant(RedisCache.delete_many, _nothing)
    clear = _tolerant(RedisCache.clear, _false)
    # get_or_set goes through get and add. incr and decr still raise: a counter that cannot be
    # counted must not be taken for one that was (portal/ratelimit.py, their one user, catches
    # it and lets the request through).
