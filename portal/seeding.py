"""Apps add their demo data to `manage.py seed_demo` here, from their AppConfig.ready."""

from collections.abc import Callable

Seeder = Callable[[Callable[[str], None]], None]
_seeders: list[Seeder] = []


def register(seeder: Seeder) -> Seeder:
    """Register a function seeder(write) that loads demo data idempotently."""
    if seeder not in _seeders:
        _seeders.append(seeder)
    return seeder


def seeders() -> list[Seeder]:
    return list(_seeders)
