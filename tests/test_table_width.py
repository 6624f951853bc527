"""The terminal table fits the terminal: no line wider than the width, every reason there."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from perfeval.render import Format, RenderOptions, renderer
from perfeval.render.wording import reasons
from perfeval.run.score import score_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _shown_reasons(table: str) -> str:
    """The reasons column's cells (or the list folded below the table), joined."""
    lines = table.splitlines()
    cells = [line.split("│")[4] for line in lines if line.count("│") == 5]
    bottom = max(i for i, line in enumerate(lines) if line.startswith("└"))
    return _squeezed("".join(cells) + "".join(lines[bottom + 1 :]))


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_fits_its_width_and_keeps_every_reason(example: Path, width: int, lang: str) -> None:
    outcome = score_file(example, example.name)
    assert outcome.scorecard is not None
    shown = renderer(Format.TABLE)([outcome], RenderOptions(lang=lang, width=width))  # type: ignore[arg-type]
    assert max(cell_len(line) for line in shown.splitlines()) <= width
    text = _shown_reasons(shown)
    for leaf in outcome.scorecard.leaves():
        for reason in reasons(leaf, lang):  # type: ignore[arg-type]
            assert _squeezed(reason) in text, (width, reason)


def test_width_none_is_the_terminal_width_or_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    outcome = score_file(EXAMPLES[0], EXAMPLES[0].name)
    monkeypatch.setenv("COLUMNS", "64")
    shown = renderer(Format.TABLE)([outcome], RenderOptions(width=None))
    assert max(cell_len(line) for line in shown.splitlines()) == 64
