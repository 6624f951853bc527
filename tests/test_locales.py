"""The locale catalogues: zh and en have the same keys, every code the source can emit has
words in both, and a zh template uses exactly the placeholders of its en twin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

from perfeval.i18n import LANGS, catalogue, placeholders
from perfeval.rules import RULES

SRC = Path(__file__).resolve().parent.parent / "src" / "perfeval"
DIAGNOSTIC_CODE = re.compile(r"\"(PE\d{3})\"")
FINDING_LITERAL = re.compile(r"finding\(\s*\"([a-z_]+\.[a-z_]+)\"")
FINDING_BY_PARAM = re.compile(r"f\"([a-z_]+)\.\{params\.([a-z_]+)\}\"")
UNAVAILABLE_REASON = re.compile(r"Unavailable\(\s*\"([a-z_]+)\"")
NA_FINDING = re.compile(r"finding\(f\"na\.\{[a-z_.]*reason\}\"")


def flatten(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flatten(value, f"{path}.")
        else:
            yield path, value


def entries(lang: str) -> dict[str, str]:
    return dict(flatten(catalogue("en" if lang == "en" else "zh")))


def sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(SRC.rglob("*.py"))}


def diagnostic_codes() -> set[str]:
    return {code for text in sources().values() for code in DIAGNOSTIC_CODE.findall(text)}


def finding_codes() -> set[str]:
    """Every finding code a rule or the engine can emit, f-strings expanded from the rule's
    `Literal` parameter or from the reasons a figure can be unavailable."""
    texts = sources()
    found = {code for text in texts.values() for code in FINDING_LITERAL.findall(text)}
    for path, text in texts.items():
        for prefix, field in FINDING_BY_PARAM.findall(text):
            params = RULES[path.stem].params
            found |= {
                f"{prefix}.{value}" for value in get_args(params.model_fields[field].annotation)
            }
    reasons = {reason for text in texts.values() for reason in UNAVAILABLE_REASON.findall(text)}
    assert any(NA_FINDING.search(text) for text in texts.values()), "engine's N/A finding moved"
    return found | {f"na.{reason}" for reason in reasons} | {"na.declared"}


def test_zh_and_en_have_the_same_keys() -> None:
    zh, en = entries("zh"), entries("en")
    assert sorted(set(zh) - set(en)) == [], "keys only in zh.toml"
    assert sorted(set(en) - set(zh)) == [], "keys only in en.toml"


@pytest.mark.parametrize("lang", LANGS)
def test_every_diagnostic_code_in_the_source_has_message_and_hint(lang: str) -> None:
    words = catalogue(lang)["diagnostics"]
    codes = diagnostic_codes()
    assert len(codes) > 30  # the scan works
    missing = sorted(code for code in codes if code not in words)
    assert missing == [], f"{lang}.toml lacks [diagnostics.CODE] for {missing}"
    for code in codes:
        assert words[code].get("message", "").strip(), f"{lang}: {code} has no message"
        assert words[code].get("hint", "").strip(), f"{lang}: {code} has no hint"


@pytest.mark.parametrize("lang", LANGS)
def test_every_finding_code_has_words(lang: str) -> None:
    codes = finding_codes()
    assert {"deduct.above", "deduct.below", "spending_progress.per_point"} <= codes
    assert {"na.missing", "na.division_by_zero", "ratio.short"} <= codes
    missing = sorted(codes - set(catalogue(lang)["findings"]))
    assert missing == [], f"{lang}.toml [findings] lacks {missing}"


def test_placeholders_agree_between_zh_and_en() -> None:
    zh, en = entries("zh"), entries("en")
    differ = {
        key: (sorted(placeholders(zh[key])), sorted(placeholders(en[key])))
        for key in sorted(set(zh) & set(en))
        if isinstance(zh[key], str) and placeholders(zh[key]) != placeholders(en[key])
    }
    assert differ == {}


@pytest.mark.parametrize("lang", LANGS)
def test_reading_a_catalogue_by_section_gives_what_tomllib_reads(lang: str) -> None:
    import tomllib

    text = (SRC / "locales" / f"{lang}.toml").read_text(encoding="utf-8")
    assert '"""' not in text and "'''" not in text  # what reading by section relies on
    lazy = catalogue(lang)  # type: ignore[arg-type]
    assert {section: lazy[section] for section in lazy} == tomllib.loads(text)
