"""seed_scale's practices: realistic text with a Zipf-like vocabulary, themes, outcomes."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.text import slugify

from knowledge import scale_vocabulary as words
from knowledge.models import Outcome, Practice, Theme
from portal.countries import country_names
from portal.scale import (
    Context,
    Step,
    copy_rows,
    country,
    moment,
    next_id,
    register_scale,
    weighted,
    zipf_weights,
)

KINDS = [("good_practice", 45), ("lesson_learned", 30), ("case_study", 15), ("guideline", 10)]
STATUSES = [("published", 90), ("in_review", 3), ("draft", 4), ("archived", 3)]
LANGUAGES = [("en", 88), ("fr", 5), ("es", 4), ("pt", 3)]


class Slots(dict):
    """format_map() fills each slot from its list, common entries more often than rare ones."""

    def __init__(self, rng: random.Random, places: list[str], code: str, country_name: str) -> None:
        super().__init__()
        self.rng = rng
        self.code = code
        self.places = places
        self.country_name = country_name

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key in ("t", "t2"):
            return rng.choices(words.TERMS, cum_weights=TERM_WEIGHTS)[0]
        if key == "T":
            term = rng.choices(words.TERMS, cum_weights=TERM_WEIGHTS)[0]
            return term[0].upper() + term[1:]
        if key == "a":
            return rng.choices(words.ACTORS, cum_weights=ACTOR_WEIGHTS)[0]
        if key == "o":
            return rng.choices(words.OBJECTS, cum_weights=OBJECT_WEIGHTS)[0]
        if key == "v":
            return rng.choice(words.VERBS)
        if key == "p":
            return rng.choice(words.PAST)
        if key == "pl":
            return rng.choice(self.places)
        if key == "e":
            return rng.choices(words.EQUIPMENT, cum_weights=EQUIPMENT_WEIGHTS)[0]
        if key == "f":
            return rng.choice(words.FINDINGS)
        if key in ("n", "n2"):
            return str(rng.randint(2, 95))
        if key in ("y", "y2"):
            return str(rng.randint(2005, 2025))
        if key == "task":
            return (
                f"{self.places[0][:2].upper()}-{rng.randint(2008, 2025)}-{rng.randint(1, 9999):04d}"
            )
        if key == "lesson":
            return rng.choice(words.LESSONS)
        if key == "country":
            return self.country_name
        if key == "kind":
            return rng.choice(["good practice", "lesson learned", "case study"])
        raise KeyError(key)


TERM_WEIGHTS = zipf_weights(len(words.TERMS), 1.0)
ACTOR_WEIGHTS = zipf_weights(len(words.ACTORS), 0.8)
OBJECT_WEIGHTS = zipf_weights(len(words.OBJECTS), 0.8)
EQUIPMENT_WEIGHTS = zipf_weights(len(words.EQUIPMENT), 1.1)


def _sentence(template: str, slots: Slots) -> str:
    text = template.format_map(slots)
    return text[0].upper() + text[1:]


def _english(rng: random.Random, slots: Slots, length: int) -> tuple[str, str, str, str]:
    title = _sentence(rng.choice(words.TITLES), slots)
    summary = " ".join(
        [_sentence(rng.choice(words.SUMMARIES), slots)]
        + [_sentence(rng.choice(words.SENTENCES), slots) for _ in range(rng.randint(0, 2))]
    )
    markdown, html = [], []
    left = length
    paragraph_count = 0
    while left > 0:
        if length > 10 and paragraph_count % 3 == 0:
            heading = words.HEADINGS[(paragraph_count // 3) % len(words.HEADINGS)]
            markdown.append(f"## {heading}")
            html.append(f"<h2>{heading}</h2>")
        size = min(left, rng.randint(2, 6))
        left -= size
        paragraph_count += 1
        sentences = [_sentence(rng.choice(words.SENTENCES), slots) for _ in range(size)]
        if size >= 4 and rng.random() < 0.15:
            markdown.append("\n".join(f"- {s}" for s in sentences))
            html.append("<ul>" + "".join(f"<li>{escape(s)}</li>" for s in sentences) + "</ul>")
        else:
            text = " ".join(sentences)
            markdown.append(text)
            html.append(f"<p>{escape(text)}</p>")
    return title, summary, "\n\n".join(markdown), "\n".join(html)


def _other(rng: random.Random, language: str, place: str, length: int) -> tuple[str, ...]:
    vocabulary = words.OTHER_LANGUAGES[language]

    def fill(template: str) -> str:
        text = template.format(term=rng.choice(vocabulary["terms"]), place=place)
        return text[0].upper() + text[1:]

    title = fill(rng.choice(vocabulary["title"]))
    summary = " ".join(fill(rng.choice(vocabulary["sentence"])) for _ in range(2))
    paragraphs = []
    for _ in range(max(1, length // 4)):
        paragraphs.append(" ".join(fill(rng.choice(vocabulary["sentence"])) for _ in range(4)))
    body = "\n\n".join(paragraphs)
    return title, summary, body, "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def generate(ctx: Context) -> dict[str, int]:
    names = country_names()
    rng = ctx.rng("practices")
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    if not themes:
        themes = [
            Theme.objects.create(name=name, slug=slugify(name)).pk for name in words.TERMS[:20]
        ]
    rng.shuffle(themes)
    theme_weights = zipf_weights(len(themes), 0.9)
    organisation_ids = ctx.data["organisation_ids"]
    authors = ctx.data["user_ids"]
    first = next_id(Practice)
    total = ctx.sizes["practices"]
    practices: list[dict[str, Any]] = []
    practice_themes: list[dict[str, int]] = []
    practice_organisations: list[dict[str, int]] = []
    outcomes: list[dict[str, Any]] = []
    targets = []
    for n in range(total):
        pk = first + n
        codes = [country(rng)]
        if rng.random() < 0.2:
            codes += [country(rng) for _ in range(rng.randint(1, 2))]
        codes = list(dict.fromkeys(codes))
        places = words.PLACES.get(codes[0], words.GENERIC_PLACES)
        language = weighted(rng, LANGUAGES)
        length = max(3, min(300, int(rng.lognormvariate(2.4, 0.9))))
        if language == "en":
            slots = Slots(rng, places, codes[0], names.get(codes[0], codes[0]))
            title, summary, body, body_html = _english(rng, slots, length)
        else:
            title, summary, body, body_html = _other(rng, language, rng.choice(places), length)
        status = weighted(rng, STATUSES)
        published = moment(rng)
        created = published - timedelta(days=rng.randint(3, 120))
        start = rng.randint(2000, 2025)
        slug = f"scale-{n + 1}-{slugify(title)[:90]}".rstrip("-")
        practices.append(
            {
                "id": pk,
                "title": title[:250],
                "slug": slug,
                "summary": summary[:1000],
                "body": body,
                "body_html": body_html,
                "kind": weighted(rng, KINDS),
                "countries": codes,
                "year_start": start,
                "year_end": min(2026, start + rng.randint(0, 6)) if rng.random() < 0.8 else None,
                "language": language,
                "hdp_pillars": rng.sample(
                    ["humanitarian", "development", "peace"], rng.choice([0, 1, 1, 2, 3])
                ),
                "imas_references": rng.sample(words.IMAS, rng.choice([0, 0, 1, 1, 2])),
                "visibility": "members" if rng.random() < 0.15 else "public",
                "status": status,
                "author_id": rng.choice(authors),
                "created_at": created,
                "updated_at": published if status != "draft" else created,
                "submitted_at": None if status == "draft" else created + timedelta(days=2),
                "published_at": published if status in ("published", "archived") else None,
                "useful_count": int(rng.paretovariate(1.5)) - 1,
                "has_outcomes": False,
            }
        )
        chosen = {rng.choices(themes, cum_weights=theme_weights)[0] for _ in range(3)}
        for theme in list(chosen)[: rng.randint(1, 3)]:
            practice_themes.append({"practice_id": pk, "theme_id": theme})
        for organisation in rng.sample(organisation_ids, rng.randint(1, 2)):
            practice_organisations.append({"practice_id": pk, "organisation_id": organisation})
        if rng.random() < 0.3:
            practices[-1]["has_outcomes"] = True
            for position in range(rng.randint(1, 3)):
                indicator, unit, low, high = rng.choice(words.INDICATORS)
                baseline = Decimal(rng.randint(low, high))
                change = Decimal(str(round(rng.uniform(0.3, 1.8), 2)))
                outcomes.append(
                    {
                        "practice_id": pk,
                        "indicator": indicator,
                        "baseline": baseline,
                        "result": (baseline * change).quantize(Decimal("0.01")),
                        "unit": unit,
                        "position": position,
                    }
                )
        if status == "published" and len(targets) < 2000 and rng.random() < 0.1:
            targets.append((title[:120], reverse("knowledge:practice-detail", args=[slug])))
    counts = {"practices": copy_rows(Practice, practices)}
    for model, rows, label in [
        (Practice.themes.through, practice_themes, "themes"),
        (Practice.organisations.through, practice_organisations, "organisations"),
        (Outcome, outcomes, "outcomes"),
    ]:
        start_id = next_id(model)
        for index, row in enumerate(rows):
            row["id"] = start_id + index
        counts[label] = copy_rows(model, rows)
    ctx.data["practice_ids"] = [row["id"] for row in practices if row["status"] == "published"]
    ctx.data.setdefault("notification_targets", {})["knowledge"] = targets
    return counts


register_scale(
    Step(
        "practices",
        order=20,
        run=generate,
        models=(Practice, Practice.themes.through, Practice.organisations.through, Outcome),
    )
)
