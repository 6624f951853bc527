"""GitLab Code Quality: a JSON array of issues (the CodeClimate subset GitLab reads).

Each problem is `{description, check_name, fingerprint, severity, location: {path, lines:
{begin}}}`; errors are `major`, warnings `minor`. The fingerprint is a SHA-256 over code,
file, line and the message's language-neutral parameters, so it does not change with
`--lang`; the rare exact repeat gets its occurrence number mixed in, so fingerprints are
unique within a report, as GitLab requires.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from perfeval.errors import Diagnostic, Severity
from perfeval.render import RenderOptions
from perfeval.render.diagnostics import words
from perfeval.render.neutral import json_text
from perfeval.render.paths import with_ci_path
from perfeval.run.outcome import HeadlineOutcome

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def fingerprint(found: Diagnostic, occurrence: int = 0) -> str:
    where = found.location
    params = json.dumps(found.params, ensure_ascii=False, sort_keys=True)
    parts = [found.code, where.file, str(where.line), params]
    if occurrence:
        parts.append(str(occurrence))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def issue(found: Diagnostic, digest: str, options: RenderOptions) -> dict[str, Any]:
    body, hint = words(found, options.lang)
    return {
        "type": "issue",
        "check_name": found.code,
        "description": f"[{found.code}] {body}",
        "content": {"body": hint},
        "categories": ["Bug Risk"],
        "severity": SEVERITY[found.severity],
        "fingerprint": digest,
        "location": {
            "path": found.location.file,
            "lines": {"begin": max(found.location.line, 1)},
        },
    }


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    """Every problem as an issue, located relative to the run's root (`--root`, else the
    working directory) as GitLab expects."""
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for problem in (p for outcome in outcomes for p in outcome.reported):
        found = with_ci_path(problem, options)
        base = fingerprint(found)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        issues.append(issue(found, fingerprint(found, occurrence), options))
    return json_text(issues, indent=2) + "\n"
