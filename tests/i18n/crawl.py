"""Walk the site as a person would, by following its links, and read what the page says.

Used by the test that every page is in the reader's language: it collects the interface text of
each page (text nodes and the attributes people read or hear: title, aria-label, placeholder,
alt), leaving out content that declares its own language (`lang` on a card or a practice) and
what people typed (textarea, pre, code).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIPPED_TAGS = {"script", "style", "textarea", "pre", "code", "svg", "template"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Not pages: files, feeds, actions reached by a link, and Django's own admin (translated by Django).
NOT_PAGES = re.compile(
    r"^/(static|media|admin|i18n)/|/(download|files|feed|pdf|logout|certificate\.pdf)/?|"
    r"\.(pdf|csv|xlsx|xml|txt|png|jpg|svg)$"
)


class PageText(HTMLParser):
    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.page_language = language
        self.texts: list[str] = []
        self.links: list[str] = []

    def _language(self) -> str:
        for _tag, language, _skip in reversed(self.stack):
            if language is not None:
                return language
        return self.page_language

    def _skipping(self) -> bool:
        return any(skip for _tag, _language, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        language = values.get("lang")
        if tag == "html":
            self.page_language = language or self.page_language
            language = None
        if tag not in VOID_TAGS:
            self.stack.append(
                (tag, language.split("-")[0] if language else None, tag in SKIPPED_TAGS)
            )
        if self._skipping() or (language or self._language()) != self.page_language:
            return
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipping() and self._language() == self.page_language:
            self.texts.append(text)


def page_text(html: str, language: str) -> tuple[list[str], list[str]]:
    parser = PageText(language)
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts], parser.links


def crawl(
    client: Client, language: str, start: list[str], per_page_kind: int = 2, limit: int = 400
) -> Iterator[tuple[str, list[str]]]:
    """Each page reachable from `start` by links: its path and its interface text.

    At most `per_page_kind` pages per URL name and set of query parameters (one practice page
    tells what every practice page says)."""
    queue = list(start)
    seen: set[str] = set()
    kinds: Counter = Counter()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in {"testserver"}:
            continue
        path = parts.path
        target = path + (f"?{parts.query}" if parts.query else "")
        if target in seen or NOT_PAGES.search(path):
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        kind = (match.view_name, tuple(sorted(re.findall(r"(\w+)=", parts.query))))
        if kinds[kind] >= per_page_kind:
            continue
        kinds[kind] += 1
        seen.add(target)
        response = client.get(target)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        texts, links = page_text(response.content.decode(), language)
        yield target, texts
        queue.extend(
            urljoin(path, link.split("#")[0])
            for link in links
            if link and not link.startswith(("#", "mailto:", "tel:", "javascript:"))
        )
