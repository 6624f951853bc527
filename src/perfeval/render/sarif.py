"""SARIF 2.1.0: one run of the `perfeval` tool, one `rules` entry per code found.

Rule ids are the stable diagnostic codes (`PE401`); each rule's description and help are
the code's message and hint templates with their placeholders shown as `…`. Columns count
Unicode code points (`columnKind`), as the loader does. Each result carries a partial
fingerprint over code, file and message parameters (not the line, so it survives edits
above it). Artifact URIs are relative to `%SRCROOT%` — the working directory, or
`--root DIR` — as code scanning expects; only a file outside the root gets an absolute
`file:` URI. The output is deterministic: no timestamps, and the root itself is not named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from perfeval import __version__
from perfeval.errors import Diagnostic
from perfeval.i18n import Lang, catalogue, placeholders, text
from perfeval.render import RenderOptions
from perfeval.render.diagnostics import words
from perfeval.render.neutral import json_text
from perfeval.render.paths import ci_path, with_ci_path
from perfeval.run.outcome import HeadlineOutcome

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/perfeval/"
FINGERPRINT_KEY = "perfevalFinding/v1"
ROOT_ID = "%SRCROOT%"
"""Where relative artifact URIs start: the working directory, or `--root DIR`."""


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


def artifact_location(file: str, options: RenderOptions) -> dict[str, str]:
    """A file relative to the run's root (`%SRCROOT%`), or an absolute `file:` URI for one
    outside it."""
    shown = ci_path(file, options)
    if PurePosixPath(shown).is_absolute() or PureWindowsPath(shown).is_absolute():
        return {"uri": _absolute_uri(shown)}
    return {"uri": quote(shown, safe="/"), "uriBaseId": ROOT_ID}


def _absolute_uri(path: str) -> str:
    flavour = PureWindowsPath if PureWindowsPath(path).drive else PurePosixPath
    return flavour(path).as_uri()


def result(found: Diagnostic, rule_index: int, options: RenderOptions) -> dict[str, Any]:
    lang = options.lang
    body, hint = words(found, lang)
    location = found.location
    physical: dict[str, Any] = {"artifactLocation": artifact_location(location.file, options)}
    if location.line > 0:
        physical["region"] = {"startLine": location.line, "startColumn": max(location.col, 1)}
    said = f"{body} {hint}" if hint else body
    return {
        "ruleId": found.code,
        "ruleIndex": rule_index,
        "level": found.severity.value,
        "message": {"text": said},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(with_ci_path(found, options))},
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
    root_words = text("ci", "sarif_root", options.lang)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {ROOT_ID: {"description": {"text": root_words}}},
                "columnKind": "unicodeCodePoints",
                "results": [result(p, index[p.code], options) for p in found],
                "properties": {"rubrics": _rubrics(outcomes, options)},
            }
        ],
    }


def _rubrics(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> list[Any]:
    """Each scored file's rubric and the digest of the rubric file (issue 12: a rubric id
    alone does not say which rules were applied)."""
    return [
        {
            "file": artifact_location(o.path, options)["uri"],
            "rubric": o.headline.rubric,
            "sha256": o.headline.rubric_sha256,
        }
        for o in outcomes
        if o.headline is not None
    ]


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    return json_text(sarif_log(outcomes, options), indent=2) + "\n"
