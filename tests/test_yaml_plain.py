"""The loader's fast path (`perfeval.load.yaml_plain`) against its locating builder: on any text
the fast path accepts, both give the same data, value for value and type for type, and the
same position for every key and item (the fast path's from the marks it kept); on anything
that is not plain it gives up, and the locating builder decides."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval.errors import InputError
from perfeval.load.document import MAX_DEPTH, SourceMap, _located
from perfeval.load.yaml_plain import plain_data
from test_fuzz import _DOCUMENTS, FUZZ, to_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("rubrics/*.yaml"),
     *ROOT.glob("tests/**/*.yaml"), *ROOT.glob("bench/*.yaml")]
)  # fmt: skip


def same(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down (True == Decimal(1) in Python)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return bool(a == b)


def agrees(text: str) -> bool:
    """The fast path gave up, or it read exactly what the locating builder reads, and
    places every key and item where the locating builder does, locating each path alike."""
    fast = plain_data(text, MAX_DEPTH)
    if fast is None:
        return True
    try:
        located, exact = _located(text, "x.yaml", MAX_DEPTH)
    except InputError:
        return False  # the fast path accepted what the rules reject
    marked = SourceMap("x.yaml", marked=fast)
    if not same(fast[0], located) or marked.positions != exact.positions:
        return False
    walked = SourceMap("x.yaml", marked=fast)  # a fresh one: locate walks, not the dict
    return all(
        walked.locate((*path, "not-there")) == exact.locate(path) for path in exact.positions
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_tree_reads_the_same_both_ways(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: the decoder rejects it before either builder")
    assert agrees(text)


def test_the_examples_take_the_fast_path() -> None:
    for path in ROOT.glob("examples/*.yaml"):
        assert plain_data(path.read_text(encoding="utf-8"), MAX_DEPTH) is not None, path


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # tags, even harmless ones
        "a: !custom x\n",
        "a: 1\na: 2\n",  # a duplicate key
        "<<: {a: 1}\n",  # a merge key
        "? [a, b]\n: 1\n",  # a collection as a key
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1, 2\n",  # a syntax error
        "a: 1" + "0" * 60 + "\n",  # a number past the limits
        "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",  # too deep
    ],
)
def test_anything_not_plain_goes_to_the_locating_builder(text: str) -> None:
    assert plain_data(text, MAX_DEPTH) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: no\nb: 010\nc: 2023-01-01\nd: 1_000\n",
            {"a": "no", "b": "010", "c": "2023-01-01", "d": "1_000"},
        ),
        (
            "a: true\nb: ~\nc:\nd: 1.50\ne: '1.5'\nf: |\n  true\n",
            {"a": True, "b": None, "c": None, "d": Decimal("1.50"), "e": "1.5", "f": "true\n"},
        ),
        ('"<<": 1\n', {"<<": Decimal(1)}),  # a quoted << is an ordinary key
    ],
)
def test_scalars_follow_perfevals_rules(text: str, expected: Any) -> None:
    plain = plain_data(text, MAX_DEPTH)
    assert plain is not None and same(plain[0], expected)
    assert agrees(text)


@FUZZ
@given(document=_DOCUMENTS)
def test_random_documents_read_the_same_both_ways(document: Any) -> None:
    assert agrees(to_yaml(document).decode("utf-8"))


_PIECES = st.sampled_from(
    ["a", "b", "键", ":", ": ", "- ", "-", " ", "  ", "\n", "\t", "'", '"', "&a ", "*a", "!x ",
     "!!str ", "|", ">", "[", "]", "{", "}", ", ", "#", "<<", "---", "...", "? ", "1", "0.5",
     "1e3", "010", "true", "no", "null", "~", "%YAML 1.1\n", "\\", "%"]
)  # fmt: skip


@FUZZ
@given(pieces=st.lists(_PIECES, max_size=40))
def test_random_yaml_like_text_reads_the_same_both_ways(pieces: list[str]) -> None:
    assert agrees("".join(pieces))
