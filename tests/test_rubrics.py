"""The bundled rubrics: each loads and checks clean, its weights add up, the repo-root
`rubrics/` holds the same files, and the default rubric says it is not an official document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfeval.engine.examples import review_rubric
from perfeval.load.sources import bundled_dir, load_rubric
from perfeval.models.rubric import Group, Leaf
from perfeval.render.rubric_view import check_rubric_file

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "src" / "perfeval" / "rubrics").glob("*.yaml"))
REPO_ROOT_RUBRICS = ROOT / "rubrics"


def weight_problems(nodes: list[Group | Leaf]) -> list[str]:
    problems = []
    for node in nodes:
        if isinstance(node, Group) and not node.one_of:
            inner = sum((child.weight for child in node.children), Decimal(0))
            if inner != node.weight:
                problems.append(f"{node.id}: {node.weight} != {inner}")
            problems += weight_problems(list(node.children))
    return problems


def assessed_weight(nodes: list[Group | Leaf]) -> Decimal:
    """The weight of the leaves assessed: of an either-or group, one child."""
    total = Decimal(0)
    for node in nodes:
        if isinstance(node, Leaf):
            total += node.weight
        else:
            children = list(node.children)
            total += assessed_weight(children[:1] if node.one_of else children)
    return total


def test_bundled_rubrics_are_the_packaged_ones() -> None:
    assert BUNDLED, "no bundled rubrics"
    assert {p.name for p in BUNDLED} == {p.name for p in bundled_dir().glob("*.yaml")}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_rubric_loads_and_checks_clean(path: Path) -> None:
    rubric = load_rubric(path).rubric  # raises RubricError on any problem
    assert rubric.id == path.stem
    top = sum((node.weight for node in rubric.indicators), Decimal(0))
    assert top == rubric.total
    assert weight_problems(list(rubric.indicators)) == []
    leaves = rubric.leaves()
    assert assessed_weight(list(rubric.indicators)) == rubric.total
    assert all(leaf.criteria.zh.strip() for leaf in leaves)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_repo_root_rubrics_hold_the_same_file(path: Path) -> None:
    twin = REPO_ROOT_RUBRICS / path.name
    assert twin.is_file(), f"rubrics/{path.name} is missing (symlink or copy it)"
    assert twin.read_bytes() == path.read_bytes()


def test_repo_root_rubrics_hold_nothing_else() -> None:
    names = {p.name for p in REPO_ROOT_RUBRICS.glob("*.yaml")}
    assert names == {p.name for p in BUNDLED}


def test_default_rubric_header_says_it_is_not_official() -> None:
    text = (ROOT / "src" / "perfeval" / "rubrics" / "gd-dept-overall.yaml").read_text("utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("# "))
    words = " ".join(" ".join(header).split()).lower()
    assert "not an official document" in words
    assert "configurable default" in words


def _switched(data: object, on: bool) -> object:
    """`data` with every `enabled` switch set to `on`."""
    if isinstance(data, dict):
        return {k: on if k == "enabled" else _switched(v, on) for k, v in data.items()}
    if isinstance(data, list):
        return [_switched(item, on) for item in data]
    return data


def test_mof_project_platform_is_mof_project_with_its_platform_rules_on() -> None:
    """The variant differs only in its id, its title, its switches (all on, where
    mof-project has them all off) and what its worked examples earn."""
    folder = ROOT / "src" / "perfeval" / "rubrics"
    base = load_rubric(folder / "mof-project.yaml").rubric
    variant = load_rubric(folder / "mof-project-platform.yaml").rubric
    assert base.score_ceiling is not None
    assert variant.score_ceiling is not None
    assert not base.score_ceiling.enabled
    assert variant.score_ceiling.enabled
    plain = base.model_dump(mode="json", exclude={"id", "title", "examples"})
    platform = variant.model_dump(mode="json", exclude={"id", "title", "examples"})
    assert _switched(plain, True) == platform
    assert plain == _switched(plain, False)  # mof-project ships every switch off


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_rubric_examples_earn_what_they_state(path: Path) -> None:
    """`perfeval rubric check` runs each bundled rubric's worked examples, and they pass,
    with no warning either."""
    loaded = load_rubric(path)
    assert loaded.rubric.examples, f"{path.name} carries no examples"
    assert review_rubric(loaded, path) == []
    text, code = check_rubric_file(path, "en")
    assert code == 0
    assert f"examples pass: {len(loaded.rubric.examples)}" in text
