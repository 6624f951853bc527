"""JUnit XML: one test suite, one test case per submission.

A file that failed (an error finding, a gate not met, a warning under --strict) has a
`<failure>` whose message names each gate it failed; a file perfeval could not check
(missing, broken rubric) has an `<error>`; the body lists every problem as
`path:line:col: [code] …`. Warnings of a passing file go to `<system-out>`. Paths are
relative to the run's root (`perfeval.render.paths`). Built with ElementTree, so every
value is escaped, and user text is neutralised, so no character XML forbids gets in.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from perfeval.errors import ExitCode
from perfeval.render import RenderOptions
from perfeval.render.diagnostics import format_diagnostics, words
from perfeval.render.neutral import neutral
from perfeval.render.paths import ci_path, with_ci_path
from perfeval.render.text import file_line
from perfeval.run.outcome import HeadlineOutcome
from perfeval.run.verdict import file_exit_code

SUITE = "perfeval"


def testcase(outcome: HeadlineOutcome, options: RenderOptions) -> tuple[ET.Element, ExitCode]:
    name = neutral(ci_path(outcome.path, options))
    case = ET.Element("testcase", {"classname": SUITE, "name": name, "time": "0"})
    status = file_exit_code(outcome)
    located = [with_ci_path(found, options) for found in outcome.reported]
    details = format_diagnostics(located, options.lang)
    if status is ExitCode.OK:
        if details:
            ET.SubElement(case, "system-out").text = details
        return case, status
    tag = "error" if status is ExitCode.CANNOT_RUN else "failure"
    failing = [*outcome.errors, *outcome.gate_findings] or outcome.problems
    codes = sorted({p.code for p in failing})
    said = [file_line(outcome, options.lang, name)]
    said += [words(f, options.lang)[0] for f in outcome.gate_findings]
    failure = ET.SubElement(
        case, tag, {"message": "; ".join(said), "type": " ".join(codes) or SUITE}
    )
    failure.text = details
    return case, status


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    cases = [testcase(outcome, options) for outcome in outcomes]
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(status is ExitCode.FAILED for _, status in cases)),
        "errors": str(sum(status is ExitCode.CANNOT_RUN for _, status in cases)),
        "skipped": "0",
        "time": "0",
    }
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    suite.extend(case for case, _ in cases)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
