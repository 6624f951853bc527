"""SARIF 2.1.0: one run of the `perfeval` tool, one `rules` entry per code found.

Rule ids are the stable diagnostic codes (`PE401`); each rule's description and help are
the code's message and hint templates with their placeholders shown as `…`. Columns count
Unicode code points (`columnKind`), as the loader does. Each result carries a partial
fingerprint over code, file and message parameters (not the line, so it survives edits
above it). The output is deterministic: no timestamps, no absolute paths.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from perfeval import __version__
from perfeval.errors import Diagnostic
from perfeval.i18n import Lang, catalogue, placeholders
from perfeval.render import RenderOptions
from perfeval.render.diagnostics import words
from perfeval.render.neutral import json_text
from perfeval.run.outcome import HeadlineOutcome

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/perfeval/"
FINGERPRINT_KEY = "perfevalFinding/v1"


def _template(words: str) -> str:
    for name in placeholders(words):
        words = words.replace("{" + name + "}", "…")
    return words


def rule(code: str, lang: Lang) -> dict[str, Any]:
    entry = catalogue(lang)["diagnostics"][code]
    described = _template(entry["message"])
    rule_data: dict[str, Any] = {
        "id": code,
        "name": code,
        "shortDescription": {"text": described},
        "fullDescription": {"text": described},
    }
    if entry.get("hint"):
        rule_data["help"] = {"text": _template(entry["hint"])}
    return rule_data


def fingerprint(found: Diagnostic) -> str:
    params = json.dumps(found.params, ensure_ascii=False, sort_keys=True)
    key = "\0".join((found.code, found.location.file, params))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def artifact_uri(file: str) -> str:
    """A relative URI reference for a path as the user typed it."""
    return quote(PurePath(file).as_posix(), safe="/")


def result(found: Diagnostic, rule_index: int, lang: Lang) -> dict[str, Any]:
    body, hint = words(found, lang)
    location = found.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.file)}}
    if location.line > 0:
        physical["region"] = {"startLine": location.line, "startColumn": max(location.col, 1)}
    said = f"{body} {hint}" if hint else body
    return {
        "ruleId": found.code,
        "ruleIndex": rule_index,
        "level": found.severity.value,
        "message": {"text": said},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(found)},
    }


def sarif_log(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> dict[str, Any]:
    found = [problem for outcome in outcomes for problem in outcome.reported]
    codes = sorted({problem.code for problem in found})
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": "perfeval",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [rule(code, options.lang) for code in codes],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [result(p, index[p.code], options.lang) for p in found],
            }
        ],
    }


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    return json_text(sarif_log(outcomes, options), indent=2) + "\n"
