from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.exports import registry


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Report files land in a folder of this test, never in var/media/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def register_kind() -> Iterator[object]:
    """Register export kinds for one test only."""
    added: list[str] = []

    def register(kind: registry.ExportKind) -> registry.ExportKind:
        added.append(kind.name)
        return registry.register(kind)

    yield register
    for name in added:
        registry._kinds.pop(name, None)
