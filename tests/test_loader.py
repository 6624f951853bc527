"""The YAML loader: our scalar rules, positions, hostile input, pydantic errors located."""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from perfeval import i18n
from perfeval.errors import CannotRunError, InputError, Location, PerfevalError, RubricError
from perfeval.load import document as loader
from perfeval.load.document import Document, SourceMap, load_document, parse_bytes, validate


def parse(text: str, **limits: int) -> object:
    return parse_bytes(text.encode("utf-8"), "f.yaml", **limits)[0]


def error_of(raw: bytes | str, **limits: int) -> tuple[str, Location, dict[str, str]]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(InputError) as caught:
        parse_bytes(data, "f.yaml", **limits)
    (found,) = caught.value.diagnostics
    return found.code, found.location, found.params


@pytest.fixture(params=["libyaml", "pure"])
def either_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a test with libyaml and with PyYAML's pure-Python parser."""
    if request.param == "pure":
        monkeypatch.setattr(yaml, "__with_libyaml__", False)


# --- scalars ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3089.8", Decimal("3089.8")),
        ("0.1", Decimal("0.1")),
        ("-12", Decimal("-12")),
        ("+1.5e3", Decimal("1.5e3")),
        ("0", Decimal("0")),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("010", "010"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("3,089.8", "3,089.8"),
        ("2023-12-31", "2023-12-31"),
        (".nan", ".nan"),
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        ("92.5%", "92.5%"),
        ('"12"', "12"),
        ("'true'", "true"),
        ('""', ""),
        ("!!str 010", "010"),
        ("!!int 12", Decimal("12")),
        ("!!bool false", False),
        ("! 12", "12"),
    ],
)
def test_scalars_follow_our_rules(either_parser: None, text: str, expected: object) -> None:
    value = parse(f"v: {text}\n")
    assert isinstance(value, dict)
    assert value["v"] == expected
    assert type(value["v"]) is type(expected)


def test_decimal_is_built_from_text_exactly() -> None:
    value = parse("a: 3089.8\nb: 0.1\nc: 1.10\n")
    assert value == {"a": Decimal("3089.8"), "b": Decimal("0.1"), "c": Decimal("1.10")}
    assert isinstance(value, dict)
    assert str(value["c"]) == "1.10"


def test_keys_are_always_text() -> None:
    assert parse("1: a\ntrue: b\nnull: c\n2023-01-01: d\n") == {
        "1": "a",
        "true": "b",
        "null": "c",
        "2023-01-01": "d",
    }


@pytest.mark.parametrize(
    "text", ["1e999999", "1" * 400, "1e100", "0.1e-100", "1e99999999999999999999"]
)
def test_huge_numbers_are_rejected(text: str) -> None:
    code, where, params = error_of(f"budget:\n  total: {text}\n")
    assert code == "PE009"
    assert (where.line, where.col) == (2, 10)
    assert len(params["value"]) <= 60
    assert params["digits"] == str(loader.MAX_DIGITS)


def test_forty_digits_are_fine() -> None:
    assert parse(f"a: {'9' * 40}\n") == {"a": Decimal("9" * 40)}


# --- positions -------------------------------------------------------------------------


SAMPLE = """\
department:
  name: 海珠区
  functions:
    - 第一项
    - {title: 第二项, code: x}
budget: {adjusted: 3089.8}
"""


def test_positions_of_keys_and_items(either_parser: None) -> None:
    data, source_map = parse_bytes(SAMPLE.encode("utf-8"), "s.yaml")
    assert data["department"]["functions"][1] == {"title": "第二项", "code": "x"}
    positions = source_map.positions
    assert positions[()] == (1, 1)
    assert positions[("department",)] == (1, 1)
    assert positions[("department", "name")] == (2, 3)
    assert positions[("department", "functions")] == (3, 3)
    assert positions[("department", "functions", 0)] == (4, 7)
    assert positions[("department", "functions", 1)] == (5, 7)
    assert positions[("department", "functions", 1, "code")] == (5, 20)
    assert positions[("budget", "adjusted")] == (6, 10)


def test_locate_walks_to_the_nearest_known_ancestor() -> None:
    source_map = SourceMap("s.yaml", parse_bytes(SAMPLE.encode("utf-8"), "s.yaml")[1].positions)
    assert source_map.locate(()) == Location("s.yaml", 1, 1)
    assert source_map.locate(["department", "functions", 0]) == Location("s.yaml", 4, 7)
    assert source_map.locate(["department", "missing_key"]) == Location("s.yaml", 1, 1)
    tagged: list[str | int] = [
        "department",
        "function-after[check()]",
        "functions",
        "ratio",
        1,
        "code",
    ]
    assert source_map.locate(tagged) == Location("s.yaml", 5, 20)
    assert source_map.locate(["nowhere", "at", "all"]) == Location("s.yaml", 1, 1)


def test_crlf_and_utf8_bom_are_fine() -> None:
    raw = b"\xef\xbb\xbfa: 1\r\nb:\r\n  - x\r\n"
    data, source_map = parse_bytes(raw, "f.yaml")
    assert data == {"a": Decimal(1), "b": ["x"]}
    assert source_map.positions[("b", 0)] == (3, 5)


def test_empty_file_is_none() -> None:
    assert parse("") is None
    assert parse("# only a comment\n") is None


# --- hostile or broken input -----------------------------------------------------------


def test_duplicate_key_names_the_first_line() -> None:
    code, where, params = error_of("a: 1\nb:\n  c: 1\nа: 2\na: 3\n")
    assert code == "PE002"
    assert (where.line, where.col) == (5, 1)
    assert params == {"key": "a", "first_line": "1"}


def test_duplicate_key_by_text_even_if_quoted() -> None:
    assert error_of('1: a\n"1": b\n')[0] == "PE002"


def test_alias_to_a_mapping_is_rejected_at_the_alias() -> None:
    code, where, params = error_of("base: &b {x: 1}\ncopy: *b\n")
    assert (code, where.line, where.col, params["alias"]) == ("PE003", 2, 7, "b")


def test_scalar_alias_is_allowed() -> None:
    assert parse("unit: &u 万元\nother: *u\nn: &n 12\nm: *n\n") == {
        "unit": "万元",
        "other": "万元",
        "n": Decimal(12),
        "m": Decimal(12),
    }


def test_billion_laughs_is_rejected_fast(either_parser: None) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        refs = ", ".join([f"*l{n - 1}" if n > 1 else "*a"] * 9)
        lines.append(f"l{n}: &l{n} [{refs}]")
    started = time.perf_counter()
    code, where, _ = error_of("\n".join(lines) + "\n")
    assert code == "PE003"
    assert where.line == 2
    assert time.perf_counter() - started < 1


def test_undefined_alias() -> None:
    assert error_of("a: *nowhere\n")[0] == "PE014"


def test_recursive_alias_is_rejected() -> None:
    assert error_of("a: &x [1, *x]\n")[0] == "PE003"


def test_merge_key_is_rejected() -> None:
    code, where, _ = error_of("base: &b 1\nc:\n  <<: *b\n")
    assert (code, where.line, where.col) == ("PE011", 3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/object:os.system ls\n",
        "x: !!python/object/apply:os.system [ls]\n",
        "x: !foo bar\n",
        "x: !!set {a, b}\n",
        "x: !!int abc\n",
        "x: !!binary aGVsbG8=\n",
    ],
)
def test_unknown_tags_are_rejected(either_parser: None, text: str) -> None:
    code, where, params = error_of(text)
    assert (code, where.line, where.col) == ("PE006", 1, 4)
    assert params["tag"]


def test_complex_keys_are_rejected() -> None:
    assert error_of("? [a, b]\n: 1\n")[0] == "PE013"
    assert error_of("{a: 1}: 2\n")[0] == "PE013"


def test_more_than_one_document() -> None:
    code, where, _ = error_of("a: 1\n---\nb: 2\n")
    assert (code, where.line) == ("PE008", 2)
    assert parse("---\na: 1\n...\n") == {"a": Decimal(1)}


def test_deep_flow_nesting_is_rejected(either_parser: None) -> None:
    code, _, params = error_of("[" * 10_000 + "]" * 10_000)
    assert code == "PE005"
    assert params["limit"] == str(loader.MAX_DEPTH)


def test_deep_block_nesting_is_rejected_at_the_node(either_parser: None) -> None:
    code, where, _ = error_of("- " * 10_000 + "x\n")
    assert (code, where.line, where.col) == ("PE005", 1, 2 * loader.MAX_DEPTH + 1)
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(100))
    code, where, _ = error_of(nested)
    assert (code, where.line) == ("PE005", loader.MAX_DEPTH + 1)


def test_depth_limit_is_inclusive() -> None:
    assert parse("[" * 5 + "]" * 5, max_depth=5) == [[[[[]]]]]
    assert error_of("[" * 6 + "]" * 6, max_depth=5)[0] == "PE005"


def test_oversize_is_rejected_before_decoding(tmp_path: Path) -> None:
    assert error_of(b"\xff" * 101, max_bytes=100)[0] == "PE004"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(InputError) as caught:
        load_document(big, max_bytes=100)
    (found,) = caught.value.diagnostics
    assert found.code == "PE004"
    assert found.params == {"size": "500", "limit": "100"}


@pytest.mark.parametrize(
    ("raw", "line", "col", "problem"),
    [
        (b"a: 1\nb: caf\xe9\n", 2, 7, "0xE9"),
        (b"\xff\xfea\x00:\x00", 1, 1, "UTF-16"),
        (b"\xfe\xff\x00a", 1, 1, "UTF-16"),
    ],
)
def test_not_utf8_text(raw: bytes, line: int, col: int, problem: str) -> None:
    code, where, params = error_of(raw)
    assert (code, where.line, where.col, params) == ("PE007", line, col, {"problem": problem})


@pytest.mark.parametrize(
    ("raw", "line", "col", "char"),
    [
        (b"a: x\x00y\n", 1, 5, "U+0000"),
        (b"a: \x1b[31m\n", 1, 4, "U+001B"),
    ],
)
def test_control_characters_are_named(raw: bytes, line: int, col: int, char: str) -> None:
    code, where, params = error_of(raw)
    assert (code, where.line, where.col, params["char"]) == ("PE028", line, col, char)


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("department: [unclosed\n", 2, 1),
        ("a: 'open\n", 2, 1),
        ("a: b: c\n", 1, 5),
    ],
)
def test_syntax_errors_are_located(either_parser: None, text: str, line: int, col: int) -> None:
    code, where, params = error_of(text)
    assert code in ("PE001", "PE015")  # PE015 also names where the open structure began
    assert where.line == line
    if yaml.__with_libyaml__:
        assert where.col == col
    assert 0 < len(params["problem"]) <= 200


def test_an_unclosed_structure_names_where_it_opened(either_parser: None) -> None:
    code, where, params = error_of("rubric: x\ndepartment: [unclosed\n")
    assert (code, where.line) == ("PE015", 3)
    assert (params["line"], params["col"]) == ("2", "13")


# --- files -----------------------------------------------------------------------------


def test_load_document(tmp_path: Path) -> None:
    file = tmp_path / "sub.yaml"
    file.write_bytes(b"a: 1\n")
    document = load_document(file, "sub.yaml")
    assert document.data == {"a": Decimal(1)}
    assert document.display == "sub.yaml"
    assert document.path == file
    assert document.sha256 == hashlib.sha256(b"a: 1\n").hexdigest()
    assert load_document(file).display == str(file)


def test_missing_or_unreadable_file_cannot_run(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.yaml", tmp_path):
        with pytest.raises(CannotRunError) as caught:
            load_document(path, "shown.yaml")
        (found,) = caught.value.diagnostics
        assert found.code == "PE012"
        assert found.location == Location("shown.yaml")
        assert found.params["problem"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- a\n", "list"),
        ("hello\n", "text"),
        ("12\n", "number"),
        ("", "empty"),
        ("true", "boolean"),
    ],
)
def test_require_mapping(tmp_path: Path, text: str, found: str) -> None:
    file = tmp_path / "x.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        loader.require_mapping(load_document(file, "x.yaml"), error=RubricError)
    (diag,) = caught.value.diagnostics
    assert (diag.code, diag.params) == ("PE010", {"found": f"@types.{found}"})
    assert i18n.localize_params(diag.params, "zh")["found"] == i18n.catalogue("zh")["types"][found]
    file.write_text("a: 1\n", encoding="utf-8")
    assert loader.require_mapping(load_document(file)) == {"a": Decimal(1)}


# --- validate(): pydantic errors located ---------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=True)


class Department(Strict):
    name: str
    year: int
    functions: list[str] = []


class Ratio(Strict):
    type: Literal["ratio"]
    target: Decimal = Field(gt=0)


class Manual(Strict):
    type: Literal["manual"]
    justification: str


class Leaf(Strict):
    weight: Decimal = Field(ge=0, le=100)
    rule: Annotated[Ratio | Manual, Field(discriminator="type")]


class Submission(Strict):
    department: Department
    budget: dict[str, Decimal]
    indicators: dict[str, Leaf] = {}
    complete: bool = True
    level: Literal["department", "project"] = "department"


def document(text: str) -> Document:
    data, source_map = parse_bytes(text.encode("utf-8"), "sub.yaml")
    return Document(Path("sub.yaml"), "sub.yaml", data, source_map, "0" * 64)


def problems(text: str) -> list[tuple[str, int, int, dict[str, str]]]:
    with pytest.raises(InputError) as caught:
        validate(Submission, document(text))
    return [(d.code, d.location.line, d.location.col, d.params) for d in caught.value.diagnostics]


def test_valid_document() -> None:
    result = validate(Submission, document("department: {name: x, year: 2023}\nbudget: {a: 1}\n"))
    assert result.department.year == 2023
    assert result.budget == {"a": Decimal(1)}


def test_missing_key_is_located_at_the_parent() -> None:
    text = "budget: {}\ndepartment:\n  name: 海珠区\n"
    assert problems(text) == [("PE102", 2, 1, {"key": "year"})]


def test_missing_top_level_key_is_at_the_start() -> None:
    assert problems("budget: {}\n") == [("PE102", 1, 1, {"key": "department"})]


def test_unknown_key_with_and_without_suggestion() -> None:
    text = "department:\n  name: x\n  year: 2023\n  fucntions: []\n  zzz: 1\nbudget: {}\n"
    assert problems(text) == [
        ("PE105", 4, 3, {"key": "fucntions", "suggestion": "functions"}),
        ("PE103", 5, 3, {"key": "zzz"}),
    ]


def test_unknown_key_inside_a_tagged_union_suggests_from_that_variant() -> None:
    text = (
        "department: {name: x, year: 2023}\nbudget: {}\nindicators:\n"
        "  i1:\n    weight: 10\n    rule: {type: manual, justifcation: ok}\n"
    )
    found = problems(text)
    assert ("PE105", 6, 26, {"key": "justifcation", "suggestion": "justification"}) in found
    assert ("PE102", 6, 5, {"key": "justification"}) in found


def test_wrong_types_at_the_key() -> None:
    text = "department:\n  name: 440105\n  year: 二〇二三\nbudget: [1]\ncomplete: maybe\n"
    assert problems(text) == [
        ("PE104", 2, 3, {"expected": "@types.text"}),
        ("PE104", 3, 3, {"expected": "@types.integer"}),
        ("PE104", 4, 1, {"expected": "@types.mapping"}),
        ("PE104", 5, 1, {"expected": "@types.boolean"}),
    ]


def test_number_type_and_list_item() -> None:
    text = "department: {name: x, year: 2023, functions: [a, 1]}\nbudget: {a: 12%}\n"
    assert problems(text) == [
        ("PE104", 1, 50, {"expected": "@types.text"}),
        ("PE104", 2, 10, {"expected": "@types.number"}),
    ]


def test_range_and_choice_errors() -> None:
    text = (
        "department: {name: x, year: 2023}\nbudget: {}\nlevel: city\nindicators:\n"
        "  i1:\n    weight: 101\n    rule: {type: ratio, target: 0}\n"
        "  i2:\n    weight: 1\n    rule: {type: nope}\n"
        "  i3:\n    weight: 1\n    rule: {target: 1}\n"
    )
    assert problems(text) == [
        ("PE107", 3, 1, {"expected": "'department', 'project'"}),
        ("PE106", 6, 5, {"op": "≤", "limit": "100"}),
        ("PE106", 7, 25, {"op": ">", "limit": "0"}),
        ("PE107", 10, 5, {"expected": "'ratio', 'manual'"}),
        ("PE102", 13, 5, {"key": "type"}),
    ]


def test_all_errors_reported_sorted_and_without_input_values() -> None:
    secret = "S" * 500
    text = f"budget: {{a: x{secret}}}\ndepartment: {{name: [{secret}], year: 1, extra: 1}}\n"
    found = problems(text)
    assert [(code, line) for code, line, _, _ in found] == [
        ("PE104", 1),
        ("PE104", 2),
        ("PE103", 2),
    ]
    assert all(secret not in value for *_, params in found for value in params.values())


def test_custom_perfeval_errors_keep_their_code() -> None:
    from pydantic import field_validator
    from pydantic_core import PydanticCustomError

    class Checked(Strict):
        share: Decimal

        @field_validator("share")
        @classmethod
        def at_most_one(cls, value: Decimal) -> Decimal:
            if value > 1:
                raise PydanticCustomError("perfeval", "{code}", {"code": "PE201", "limit": 1})
            return value

    with pytest.raises(RubricError) as caught:
        validate(Checked, document("\n\nshare: 2\n"), error=RubricError)
    (found,) = caught.value.diagnostics
    assert (found.code, found.location.line, found.params) == ("PE201", 3, {"limit": "1"})


def test_validate_passes_context() -> None:
    from pydantic import ValidationInfo, field_validator

    class WithContext(Strict):
        name: str

        @field_validator("name")
        @classmethod
        def upper(cls, value: str, info: ValidationInfo) -> str:
            return value.upper() if info.context == {"shout": True} else value

    result = validate(WithContext, document("name: a\n"), context={"shout": True})
    assert result.name == "A"


def test_fallback_is_pe101_with_short_detail() -> None:
    class Short(Strict):
        code: str = Field(min_length=3)

    with pytest.raises(PerfevalError) as caught:
        validate(Short, document("code: ab\n"))
    (found,) = caught.value.diagnostics
    assert found.code == "PE101"
    assert 0 < len(found.params["detail"]) <= 200


def test_every_code_the_loader_emits_is_in_both_catalogues() -> None:
    codes = {f"PE{n:03d}" for n in [*range(1, 15), *range(101, 108)]}
    for lang in i18n.LANGS:
        catalogue = i18n.catalogue(lang)
        assert codes <= set(catalogue["diagnostics"])
        assert set(catalogue["types"]) == set(i18n.catalogue("zh")["types"])


def test_unknown_key_never_suggests_itself(tmp_path: Path) -> None:
    """A group carrying a leaf-only key: never "did you mean x" for x itself."""
    from perfeval.models.rubric import Rubric

    path = tmp_path / "r.yaml"
    path.write_text(
        "id: r\ntitle: t\nlevel: department\nsource: s\nindicators:\n"
        "  - id: g\n    name: g\n    weight: 100\n    rule: {type: manual}\n    children:\n"
        "      - {id: a, name: a, weight: 100, criteria: c, rule: {type: manual}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        validate(Rubric, load_document(path))
    for found in caught.value.diagnostics:
        assert found.params.get("suggestion") != found.params.get("key")
