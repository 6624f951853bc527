"""Shared fixtures: paths to the repository's examples and rubrics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def seed() -> Path:
    return EXAMPLES / "haizhu-2023.yaml"


@pytest.fixture
def trust_rubrics(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Trust the rubric files of a folder, as a bureau does with PERFEVAL_RUBRIC_PATH:
    a submission may then name a rubric beside it (never otherwise, PE221)."""

    def trust(folder: Path) -> None:
        monkeypatch.setenv("PERFEVAL_RUBRIC_PATH", str(folder))

    return trust


@pytest.fixture(autouse=True)
def _private_result_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLI runs in tests (in-process or in a subprocess) never touch the user's cache or its
    secret."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.getbasetemp() / "xdg-data"))
