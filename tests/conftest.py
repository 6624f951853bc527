"""Shared fixtures: paths to the repository's examples and rubrics."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def seed() -> Path:
    return EXAMPLES / "haizhu-2023.yaml"
