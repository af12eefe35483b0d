"""Large, realistic, deterministic data for `manage.py seed_scale` (benchmarks and profiling).

Apps register their generators here from AppConfig.ready (portal never imports them). Rows go
in through PostgreSQL COPY with ids assigned here; the command drops the secondary indexes of
the tables it fills first and rebuilds them afterwards.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import translation

# Everything is dated inside this span, never from now(): the same seed gives the same rows.
START = datetime(2010, 1, 1, tzinfo=UTC)
END = datetime(2026, 6, 30, 23, 59, tzinfo=UTC)

DOMAIN = "scale.example"
PASSWORD = "scale-password"  # noqa: S105 - generated test accounts, not a secret

SIZES: dict[str, int] = {
    "practices": 100_000,
    "organisations": 2_000,
    "people": 50_000,
    "sessions": 5_000,
    "enrolments": 200_000,
    "requests": 20_000,
    "offers": 60_000,
    "notifications": 500_000,
    "subscribers": 5_000,
}

# Mine-affected countries first; they get most of the organisations, people and practices.
AFFECTED = [
    "KH", "CO", "LA", "UA", "AO", "ET", "IQ", "NG", "SO", "SS", "VN", "ZM", "AF", "BA",
    "HR", "LK", "MZ", "ZW", "YE", "SY", "LB", "JO", "SD", "TD", "ML", "NE", "BF", "LY",
    "SN", "GW", "CD", "CF", "UG", "ER", "MM", "TH", "PS", "TJ", "AZ", "AM", "GE", "RS",
    "ME", "XK", "PE", "EC", "NI", "CY", "TR", "PK",
]  # fmt: skip
# Donors, institutes and operators' head offices.
OTHERS = [
    "JP", "GB", "US", "CH", "NO", "DE", "FR", "NL", "DK", "SE", "BE", "CA", "AU", "NZ",
    "KR", "IE", "IT", "ES", "PT", "FI", "AT", "BR", "ZA", "KE", "TZ", "RW",
]  # fmt: skip


@dataclass
class Context:
    """What generators share: sizes, the seed, a writer, and ids earlier steps made."""

    seed: int
    sizes: dict[str, int]
    write: Callable[[str], None]
    data: dict[str, Any] = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """A generator of its own per step: steps stay stable when another one changes."""
        return random.Random(f"{self.seed}:{name}")  # noqa: S311 - reproducible on purpose


@dataclass(frozen=True)
class Step:
    """One generator: fills some tables and returns {label: rows written}."""

    name: str
    order: int
    run: Callable[[Context], dict[str, int]]
    models: tuple[type[models.Model], ...] = ()


_steps: list[Step] = []


def register_scale(step: Step) -> Step:
    if all(existing.name != step.name for existing in _steps):
        _steps.append(step)
    return step


def steps() -> list[Step]:
    return sorted(_steps, key=lambda step: step.order)


# --- random values ------------------------------------------------------------------------


def zipf_weights(count: int, exponent: float = 1.05) -> list[float]:
    """Cumulative weights for ranks 1..count: a few items common, most of them rare."""
    total = 0.0
    cumulative = []
    for rank in range(1, count + 1):
        total += 1 / rank**exponent
        cumulative.append(total)
    return cumulative


def weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    """One value from (value, weight) pairs."""
    return rng.choices([value for value, _ in pairs], weights=[w for _, w in pairs])[0]


def moment(rng: random.Random, start: datetime = START, end: datetime = END) -> datetime:
    """A time between start and end, more of them recent (the portal grows over the years)."""
    span = (end - start).total_seconds()
    return start + timedelta(seconds=int(span * math.sqrt(rng.random())))


def day(rng: random.Random, start: datetime = START, end: datetime = END) -> date:
    return moment(rng, start, end).date()


def country(rng: random.Random) -> str:
    if rng.random() < 0.85:
        # Earlier countries in the list are the most affected: weighted by rank.
        return rng.choices(AFFECTED, cum_weights=AFFECTED_WEIGHTS)[0]
    return rng.choice(OTHERS)


def chunks(total: int, parts: int, rng: random.Random, spread: float = 0.6) -> list[int]:
    """`total` split into `parts` positive-ish counts of varied size that add up exactly."""
    if parts <= 0:
        return []
    weights = [rng.lognormvariate(0, spread) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    for index in rng.sample(range(parts), min(parts, total - sum(counts))):
        counts[index] += 1
    return counts


AFFECTED_WEIGHTS = zipf_weights(len(AFFECTED), 0.8)


# --- COPY, ids, indexes ---------------------------------------------------------------------

_REQUIRED = object()


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        table, column = model._meta.db_table, model._meta.pk.column
        cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) + 1 FROM "{table}"')  # noqa: S608
        return cursor.fetchone()[0]


def copy_rows(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """COPY dicts keyed by attname into the model's table. Fields left out take the model's
    default (or NULL when nullable); a required field left out is an error."""
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    defaults = []
    for f in fields:
        default = f.get_default()  # "" for text fields without a default, else None
        defaults.append(_REQUIRED if default is None and not f.null else default)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    names = [f.attname for f in fields]
    pairs = list(zip(names, defaults, strict=True))
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                values = []
                for name, default in pairs:
                    value = row.get(name, default)
                    if value is _REQUIRED:
                        raise KeyError(f"{model.__name__}.{name} is required")
                    values.append(value)
                copy.write_row(values)
                count += 1
    return count


def drop_indexes(tables: Iterable[str]) -> list[str]:
    """Drop the non-unique secondary indexes of these tables; returns their definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
            WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique
            ORDER BY ic.relname
            """,
            [list(tables)],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def create_indexes(definitions: Iterable[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
        for definition in definitions:
            cursor.execute(definition)


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyze(tables: Iterable[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')


# --- portal's own data: organisations, users, notifications --------------------------------

ORGANISATION_PATTERNS = [
    ("{country} Mine Action Centre", "national_authority"),
    ("National Mine Action Authority of {country}", "national_authority"),
    ("{region} Regional Mine Action Office, {country}", "national_authority"),
    ("{country} Humanitarian Demining Association", "ngo"),
    ("{region} Community Demining Group", "ngo"),
    ("{word} Hands for Mine Action {country}", "ngo"),
    ("{country} Explosive Ordnance Risk Education Network", "ngo"),
    ("{country} Victim Assistance and Rehabilitation Centre", "ngo"),
    ("{word} Clearance Services", "operator"),
    ("{word} Demining Solutions", "operator"),
    ("{word} EOD Technologies", "operator"),
    ("{region} Survey and Clearance Company", "operator"),
    ("{country} Ministry of Foreign Affairs – Humanitarian Aid", "donor"),
    ("{country} Development Cooperation Agency", "donor"),
    ("{word} Foundation for Mine Action", "donor"),
    ("UN {word} Programme in {country}", "un"),
    ("{country} Mine Action Training Institute", "training_institute"),
    ("{region} EOD and Demining Training School", "training_institute"),
]
WORDS = [
    "Safe", "Open", "Clear", "Green", "Horizon", "Blue", "Northern", "Southern", "United",
    "Peace", "Harvest", "Rivers", "Highland", "Lowland", "Pathway", "Sunrise", "Atlas",
    "Compass", "Meridian", "Delta", "Frontier", "Lotus", "Baobab", "Acacia", "Cedar",
]  # fmt: skip
REGIONS = [
    "Northern", "Southern", "Eastern", "Western", "Central", "Coastal", "Highlands",
    "Border", "Lakes", "River Valley", "Plateau", "Delta", "Capital",
]  # fmt: skip


def _country_name(code: str) -> str:
    from portal.countries import country_names

    return country_names().get(code, code)


def organisations_and_users(ctx: Context) -> dict[str, int]:
    from allauth.account.models import EmailAddress

    from portal.models import Organisation, User

    rng = ctx.rng("organisations")
    taken = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
    first = next_id(Organisation)
    rows = []
    for n in range(ctx.sizes["organisations"]):
        code = country(rng)
        pattern, kind = rng.choice(ORGANISATION_PATTERNS)
        name = pattern.format(
            country=_country_name(code), region=rng.choice(REGIONS), word=rng.choice(WORDS)
        )
        base, suffix = name, 2
        while name.lower() in taken:
            name, suffix = f"{base} {suffix}", suffix + 1
        taken.add(name.lower())
        acronym = "".join(w[0] for w in name.replace("–", " ").split() if w[0].isupper())[:8]
        rows.append(
            {
                "id": first + n,
                "name": name,
                "acronym": acronym,
                "country": code,
                "kind": kind,
                "website": f"https://org-{n + 1:04d}.{DOMAIN}",
                "created_at": moment(rng),
            }
        )
    organisations = copy_rows(Organisation, rows)
    organisation_ids = [row["id"] for row in rows]
    # Most organisations join the platform; the people who subscribe work for them.
    members = organisation_ids[: max(1, int(len(organisation_ids) * 0.6))]
    ctx.data["organisation_rows"] = rows
    ctx.data["organisation_ids"] = organisation_ids
    ctx.data["member_organisation_ids"] = members

    rng = ctx.rng("users")
    password = make_password(PASSWORD)
    first_user = next_id(User)
    country_of = {row["id"]: row["country"] for row in rows}
    users = []
    for n in range(ctx.sizes["subscribers"]):
        organisation_id = members[n % len(members)]
        users.append(
            {
                "id": first_user + n,
                "password": password,
                "is_superuser": False,
                "is_staff": False,
                "is_active": True,
                "date_joined": moment(rng),
                "email": f"scale-user-{n + 1:05d}@{DOMAIN}",
                "name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                "organisation_id": organisation_id,
                "country": country_of[organisation_id],
                "preferred_language": rng.choice(["", "", "", "en", "fr", "es", "pt"]),
            }
        )
    copy_rows(User, users)
    first_address = next_id(EmailAddress)
    copy_rows(
        EmailAddress,
        (
            {
                "id": first_address + n,
                "user_id": user["id"],
                "email": user["email"],
                "verified": True,
                "primary": True,
            }
            for n, user in enumerate(users)
        ),
    )
    ctx.data["user_ids"] = [user["id"] for user in users]
    by_organisation: dict[int, list[int]] = {}
    for user in users:
        by_organisation.setdefault(user["organisation_id"], []).append(user["id"])
    ctx.data["users_by_organisation"] = by_organisation
    return {"organisations": organisations, "users": len(users)}


GIVEN = [
    "Sokha", "Dara", "Vanna", "Mwila", "Chipo", "Abebe", "Amina", "Yuki", "Olena", "Andriy",
    "Camila", "Andrés", "Somchai", "Bounmy", "Nguyen", "Linh", "Fatima", "Omar", "Hassan",
    "Grace", "Tendai", "João", "Ana", "Ahmed", "Mariam", "Ibrahim", "Halima", "Peter",
    "Sarah", "Emma", "Lars", "Ingrid", "Pierre", "Claire", "Jean", "Aisha", "Kofi", "Nomvula",
]  # fmt: skip
FAMILY = [
    "Chan", "Keo", "Sok", "Banda", "Phiri", "Tesfaye", "Yusuf", "Tanaka", "Kovalenko",
    "Shevchenko", "García", "Rodríguez", "Phommasack", "Tran", "Pham", "Al-Hassan",
    "Mohammed", "Abdullahi", "Okafor", "Moyo", "Silva", "Santos", "Haidari", "Hodžić",
    "Perera", "Nilsen", "Dubois", "Martin", "Smith", "Mensah", "Dlamini", "Osman",
]  # fmt: skip


def notifications(ctx: Context) -> dict[str, int]:
    from portal.models import User
    from portal.notifications.models import Notification
    from portal.notifications.registry import Delivery, all_kinds

    rng = ctx.rng("notifications")
    kinds = all_kinds()
    targets: dict[str, list[tuple[str, str]]] = ctx.data.get("notification_targets", {})
    with translation.override("en"):
        labels = {kind.name: str(kind.label) for kind in kinds}
    user_ids = ctx.data["user_ids"]
    demo_ids = list(
        User.objects.filter(email__endswith="@demo.mineaction.org")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = ctx.sizes["notifications"]
    per_demo = min(300, total // 20 // max(1, len(demo_ids))) if demo_ids else 0
    recipients = [pk for pk in demo_ids for _ in range(per_demo)]
    first = next_id(Notification)
    kind_weights = zipf_weights(len(kinds), 0.8)
    order = list(kinds)
    rng.shuffle(order)

    def rows() -> Iterable[dict[str, Any]]:
        for n in range(total):
            recipient = recipients[n] if n < len(recipients) else rng.choice(user_ids)
            kind = rng.choices(order, cum_weights=kind_weights)[0]
            app = kind.name.split(".")[0]
            subject, url = rng.choice(targets.get(app) or [("", "/notifications/")])
            title = f"{labels[kind.name]}: {subject}" if subject else labels[kind.name]
            created = moment(rng, datetime(2015, 1, 1, tzinfo=UTC))
            read = None
            if rng.random() < (0.85 if created < END - timedelta(days=60) else 0.3):
                read = created + timedelta(hours=rng.randint(1, 24 * 14))
            daily = kind.default_delivery == Delivery.DAILY
            yield {
                "id": first + n,
                "recipient_id": recipient,
                "kind": kind.name,
                "title": title[:300],
                "body": "",
                "url": url,
                "delivery": kind.default_delivery,
                "digested_at": created + timedelta(days=1) if daily else None,
                "created_at": created,
                "read_at": read,
            }

    return {"notifications": copy_rows(Notification, rows())}


def portal_models() -> tuple[type[models.Model], ...]:
    from allauth.account.models import EmailAddress

    from portal.models import Organisation, User
    from portal.notifications.models import Notification

    return (Organisation, User, EmailAddress, Notification)
