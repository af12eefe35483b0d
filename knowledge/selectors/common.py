"""What the knowledge base's reads share: the cache topic, who is reading, cache names."""

from __future__ import annotations

import hashlib
from typing import Any

TOPIC = "knowledge"  # the cached reads are kept until a table of it is written
# The words of the knowledge base - titles, theme names, the thesaurus - apart from the rest
# (migrations 0011, 0012): a useful mark or a comment, which write the practice table too,
# leaves them be.
WORDS_TOPIC = "knowledge_titles"


def reader(user: Any) -> str:
    """What a reader may see depends only on this (PracticeQuerySet.visible_to)."""
    return "member" if user is not None and user.is_authenticated else "public"


def cache_name(*parts: Any) -> str:
    """A short digest of everything a cached value depends on besides the data."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
