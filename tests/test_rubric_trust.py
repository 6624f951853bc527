"""The rubric is the bureau's, not the submitter's (issue 12 item 7, DESIGN §4.3).

A submission may name a bundled rubric, or a rubric file in a folder the bureau trusts
(`PERFEVAL_RUBRIC_PATH`); one it brings along is refused (PE221), a local rubric may never
take a bundled rubric's id with other content (PE220), and `--rubric` always decides.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from perfeval.load.sources import bundled_dir
from perfeval.run.score import score_file

SEED = Path(__file__).resolve().parent.parent / "examples" / "haizhu-2023.yaml"
BUNDLED = bundled_dir() / "gd-dept-overall.yaml"


def lenient(text: str) -> str:
    """The bundled rubric with its one deduction made worthless."""
    return text.replace("points: 0.5\n", "points: 0.001\n", 1)


def submission(folder: Path, rubric: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "s.yaml"
    text = SEED.read_text(encoding="utf-8").replace("rubric: gd-dept-overall", f"rubric: {rubric}")
    path.write_text(text.replace("claimed_score: 99", "claimed_score: 100"), encoding="utf-8")
    return path


def codes(path: Path, rubric: str | None = None) -> list[str]:
    return [p.code for p in score_file(path, path.name, rubric).errors]


def test_a_rubric_brought_along_is_refused_at_its_reference(tmp_path: Path) -> None:
    own = lenient(BUNDLED.read_text(encoding="utf-8")).replace(
        "id: gd-dept-overall", "id: my-own", 1
    )
    (tmp_path / "dept" / "own.yaml").parent.mkdir()
    (tmp_path / "dept" / "own.yaml").write_text(own, encoding="utf-8")
    path = submission(tmp_path / "dept", "own.yaml")
    outcome = score_file(path, "s.yaml")
    assert outcome.scorecard is None
    (refused,) = outcome.errors
    assert refused.code == "PE221" and refused.location.line == 15  # the `rubric:` line
    assert len(refused.params["sha256"]) == 12


def test_a_trusted_folder_may_hold_the_rubric_a_submission_names(
    tmp_path: Path, trust_rubrics: Callable[[Path], None]
) -> None:
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    own = BUNDLED.read_text(encoding="utf-8").replace("id: gd-dept-overall", "id: district", 1)
    (rubrics / "district.yaml").write_text(own, encoding="utf-8")
    path = submission(tmp_path / "depts" / "a", "../../rubrics/district.yaml")
    assert codes(path) == ["PE218"]  # outside the submission's folder, not trusted yet
    trust_rubrics(rubrics)
    outcome = score_file(path, "s.yaml")
    assert outcome.scorecard is not None and outcome.scorecard.total == 99
    assert outcome.scorecard.rubric.id == "district"


def test_a_local_rubric_cannot_take_a_bundled_id_with_other_content(
    tmp_path: Path, trust_rubrics: Callable[[Path], None]
) -> None:
    trust_rubrics(tmp_path)
    (tmp_path / "same-id.yaml").write_text(lenient(BUNDLED.read_text("utf-8")), "utf-8")
    path = submission(tmp_path, "same-id.yaml")
    outcome = score_file(path, "s.yaml")
    assert [p.code for p in outcome.problems] == ["PE220"] and outcome.cannot_run
    (tmp_path / "copy.yaml").write_bytes(BUNDLED.read_bytes())  # the same content is fine
    copy = submission(tmp_path / "b", "../copy.yaml")
    assert score_file(copy, "s.yaml").scorecard is not None


@pytest.mark.parametrize("given", ["gd-dept-overall", str(BUNDLED)])
def test_rubric_on_the_command_line_overrides_the_submission(tmp_path: Path, given: str) -> None:
    (tmp_path / "own.yaml").write_text("id: whatever\n", encoding="utf-8")
    path = submission(tmp_path, "own.yaml")
    outcome = score_file(path, "s.yaml", given)
    assert outcome.scorecard is not None and outcome.scorecard.total == 99
