"""`.json` submissions: the standard json parser when the file is plain and valid, the YAML
loader (with positions) for anything else — the outcome is the same either way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfeval.load import document as loader
from perfeval.load import json_submission
from perfeval.load.document import load_document
from perfeval.run.score import score_file


def as_json(seed: Path, folder: Path) -> Path:
    """The seed's data as JSON, numbers written as numbers with their YAML text."""
    data = load_document(seed).data
    text = json.dumps(data, ensure_ascii=False, indent=1, default=lambda d: json.loads(str(d)))
    path = folder / "seed.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_json_submission_scores_exactly_as_its_yaml(seed: Path, tmp_path: Path) -> None:
    from_json = score_file(as_json(seed, tmp_path), "x")
    from_yaml = score_file(seed, "x")
    assert from_json.scorecard is not None and from_yaml.scorecard is not None
    assert from_json.scorecard.total == from_yaml.scorecard.total == 99
    same = {"submission", "problems"}  # the file's hash and the lines of its warnings differ
    assert from_json.scorecard.model_dump(exclude=same) == from_yaml.scorecard.model_dump(
        exclude=same
    )
    assert [p.code for p in from_json.problems] == [p.code for p in from_yaml.problems]


def test_the_fast_path_is_taken_for_plain_json_and_positions_come_later(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = as_json(seed, tmp_path)
    parsed: list[str] = []
    real_located = loader._located
    monkeypatch.setattr(
        loader, "_located", lambda text, d, depth: parsed.append(d) or real_located(text, d, depth)
    )
    fast = json_submission.json_submission(path.read_bytes(), path, "seed.json")
    assert fast is not None  # the YAML loader was not needed
    submission, document = fast
    assert submission.department.year == 2023
    assert parsed == []
    where = document.source_map.locate(("claimed_score",))
    assert parsed == ["seed.json"] and where.line > 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"rubric": "gd-dept-overall", "rubric": "x"}', "PE002"),
        ('{"rubric": "gd-dept-overall", "department": {"name": "部门", "year": 1e999}}', "PE009"),
        ('{"rubric": "gd-dept-overall",\n "department": {"name": "部门", "year": "x"}}', "PE116"),
        ('{"rubric": "gd-dept-overall", "department": ', "PE001"),
        ("[1, 2]", "PE010"),
    ],
)
def test_anything_unusual_is_located_by_the_yaml_loader(
    text: str, code: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    outcome = score_file(path, "bad.json")
    assert outcome.scorecard is None
    assert outcome.problems[0].code.startswith(code)
    assert outcome.problems[0].location.line >= 1
