"""Property-based fuzzing: random YAML and mutated examples never crash perfeval.

The only allowed outcomes are a scorecard, or located problems with a message (exit 1/2);
never a traceback or an exception that is not one of perfeval's own. Deterministic by
default (`derandomize=True`, as CI runs it); set PERFEVAL_FUZZ_EXAMPLES=N for a larger,
randomised run, e.g. `PERFEVAL_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.errors import Diagnostic, PerfevalError
from perfeval.i18n import catalogue, message, placeholders
from perfeval.load.document import load_document, parse_bytes, validate
from perfeval.models.submission import Submission
from perfeval.render import Format, RenderOptions, renderer
from perfeval.render.diagnostics import format_diagnostics
from perfeval.run.outcome import FileOutcome
from perfeval.run.score import score_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
RUBRIC = ROOT / "src" / "perfeval" / "rubrics" / "gd-dept-overall.yaml"
SEED = ROOT / "examples" / "haizhu-2023.yaml"

_BUDGET = os.environ.get("PERFEVAL_FUZZ_EXAMPLES")
EXAMPLES_PER_PROPERTY = int(_BUDGET) if _BUDGET else 500
FUZZ = settings(
    max_examples=EXAMPLES_PER_PROPERTY,
    derandomize=_BUDGET is None,  # CI: the same examples every run; a budget run explores
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_WORKDIR = Path(tempfile.mkdtemp(prefix="perfeval-fuzz-"))
atexit.register(shutil.rmtree, _WORKDIR, ignore_errors=True)
_NAMES = itertools.count()


# --- writing YAML the way a user could have -----------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Decimals as plain numbers (our loader builds them from their text)."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", f"{v}"))


def to_yaml(data: Any) -> bytes:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


def fresh_file(content: bytes) -> Path:
    """A new file for each example: rubrics are cached by path."""
    path = _WORKDIR / f"case-{next(_NAMES)}.yaml"
    path.write_bytes(content)
    return path


def plain(path: Path) -> Any:
    return load_document(path).data


# --- what counts as a clean outcome -------------------------------------------------------


def assert_human(problems: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    for problem in problems:
        entry = catalogue("en")["diagnostics"][problem.code]
        missing = placeholders(entry["message"] + entry.get("hint", "")) - set(problem.params)
        assert not missing, f"{problem.code} leaves {missing} unfilled"
        assert message(problem.code, "en", problem.params)[0]
        assert problem.location.file
    format_diagnostics(problems, "zh")


def assert_clean(outcome: FileOutcome) -> None:
    assert_human(outcome.problems)
    if outcome.scorecard is None:
        assert outcome.errors, "an unscored file must say why"
    else:
        card = outcome.scorecard
        assert Decimal(0) <= card.total <= card.total_weight
    for fmt in (Format.JSON, Format.TABLE):
        renderer(fmt)([outcome], RenderOptions(lang="en", color=False))


# --- random YAML documents -----------------------------------------------------------------

_KEYS = st.sampled_from(
    ["rubric", "department", "name", "year", "budget", "adjusted", "executed", "data",
     "indicators", "value", "count", "targets", "claimed_score", "spending", "Q1", "满意度"]
) | st.text(max_size=12)  # fmt: skip
_NUMBERS = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: abs(d.adjusted()) < 120
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**45), max_value=10**45)
    | _NUMBERS
    | st.text(max_size=20)
    | st.sampled_from(["96%", "120%", "-5%", ".nan", ".inf", "1e999999", "gd-dept-overall"])
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=30,
)


@FUZZ
@given(document=_DOCUMENTS)
def test_random_documents_load_or_fail_cleanly(document: Any) -> None:
    raw = to_yaml(document)
    try:
        data, _positions = parse_bytes(raw, "random.yaml")
        if isinstance(data, dict):
            loaded = load_document(fresh_file(raw))
            validate(Submission, loaded)
    except PerfevalError as exc:
        assert exc.diagnostics
        assert_human(exc.diagnostics)


@FUZZ
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_random_bytes_parse_or_fail_cleanly(raw: bytes) -> None:
    try:
        parse_bytes(raw, "bytes.yaml")
    except PerfevalError as exc:
        assert_human(exc.diagnostics)


# --- mutations of the examples -------------------------------------------------------------


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into the tree (the root excluded)."""
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        yield (*path, key)
        yield from _places(child, (*path, key))


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


_REPLACEMENTS = (
    _SCALARS
    | st.sampled_from([[], {}, [None], {"x": None}])
    | st.sampled_from(
        [Decimal(0), Decimal(-1), Decimal("1e99"), Decimal("1e-99"), Decimal("9" * 40), "很满意"]
    )
)


@st.composite
def mutated(draw: st.DrawFn, tree: Any) -> Any:
    """`tree` after a few random edits: drop a key, change a type, text for a number,
    shuffle a list, rename a key."""
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        places = list(_places(tree))
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent, key = _parent(tree, path), path[-1]
        action = draw(st.sampled_from(["drop", "replace", "text", "shuffle", "rename"]))
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(_REPLACEMENTS)
        elif action == "text":
            parent[key] = draw(st.text(max_size=8)) if isinstance(parent[key], Decimal) else None
        elif action == "shuffle" and isinstance(parent[key], list):
            parent[key] = draw(st.permutations(parent[key]))
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(_KEYS)] = parent.pop(key)
    return tree


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_mutated_examples_score_or_fail_cleanly(example: Path) -> None:
    @FUZZ
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        tree = data.draw(mutated(plain(example)))
        path = fresh_file(to_yaml(tree))
        assert_clean(score_file(path, path.name))

    check()


@FUZZ
@given(data=st.data())
def test_mutated_rubrics_load_or_fail_cleanly(data: st.DataObject) -> None:
    tree = data.draw(mutated(plain(RUBRIC)))
    rubric = fresh_file(to_yaml(tree))
    outcome = score_file(SEED, "seed.yaml", rubric=str(rubric))
    assert_clean(outcome)
    if outcome.scorecard is None:
        assert outcome.cannot_run or outcome.errors


@settings(FUZZ, max_examples=max(EXAMPLES_PER_PROPERTY // 10, 20))
@given(data=st.data())
def test_mutated_seed_through_the_cli(data: st.DataObject) -> None:
    tree = data.draw(mutated(plain(SEED)))
    path = fresh_file(to_yaml(tree))
    fmt = data.draw(st.sampled_from(["json", "table"]))
    result = CliRunner().invoke(app, ["score", str(path), "-f", fmt, "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
