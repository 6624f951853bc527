"""Rendering a report context through a Jinja2 template, and locating template errors.

Bundled templates (`perfeval/templates/report.<lang>.<fmt>.j2`) and user templates go
through the same guarded sandbox (`limits`); HTML autoescapes, Markdown escapes user text
with the `md` / `md_inline` / `md_cell` filters. Every way a template can fail becomes a located
diagnostic (`template:line: [PE80x] …`) raised as an InputError (exit 1), never a
traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from types import TracebackType
from typing import Any

from jinja2 import FunctionLoader, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from perfeval.errors import Diagnostic, InputError, Location, diagnostic
from perfeval.narrative.escape import md_cell, md_inline, md_text, visible
from perfeval.narrative.limits import GuardedEnvironment, TemplateLimit, render_stream

Source = tuple[str, str, Callable[[], bool]]


def bundled_name(fmt: str, lang: str) -> str:
    return f"report.{lang}.{fmt}.j2"


def bundled_source(name: str) -> Source | None:
    folder = resources.files("perfeval").joinpath("templates")
    entry = folder.joinpath(name)
    if not entry.is_file():
        return None
    return entry.read_text("utf-8"), name, lambda: True


def environment(fmt: str, loader: Callable[[str], Source | None]) -> GuardedEnvironment:
    env = GuardedEnvironment(
        autoescape=fmt == "html", loader=FunctionLoader(loader), finalize=visible
    )
    env.filters["md"] = md_text
    env.filters["md_cell"] = md_cell
    env.filters["md_inline"] = md_inline
    return env


def prepare(context: dict[str, Any], fmt: str) -> dict[str, Any]:
    """Chart SVG is our own markup: mark it safe for HTML, drop it elsewhere."""
    for chart in context.get("charts", []):
        svg = chart.get("svg", "")
        chart["svg"] = Markup(svg) if fmt == "html" else ""  # noqa: S704 — our own SVG, labels escaped in charts.py
    return context


def render(
    fmt: str, name: str, context: dict[str, Any], loader: Callable[[str], Source | None]
) -> str:
    """Render template `name` with `context` as `report`; template failures → InputError."""
    env = environment(fmt, loader)
    try:
        template = env.get_template(name)
        chunks = template.generate(report=prepare(context, fmt))
        return render_stream(chunks, env.budget)
    except TemplateSyntaxError as exc:
        where = Location(name, exc.lineno or 0, 1 if exc.lineno else 0)
        raise InputError([diagnostic("PE801", where, problem=exc.message or "")]) from None
    except Exception as exc:  # any failure inside a template is the template's
        raise InputError([located(exc, name, sys.exc_info()[2])]) from None


def located(exc: BaseException, name: str, trace: TracebackType | None) -> Diagnostic:
    """The diagnostic for a runtime failure, at the template line it happened on."""
    line = _template_line(trace, name)
    where = Location(name, line, 1 if line else 0)
    detail = str(exc)[:200]
    if isinstance(exc, SecurityError):
        return diagnostic("PE802", where, problem=detail)
    if isinstance(exc, UndefinedError):
        return diagnostic("PE803", where, problem=detail)
    if isinstance(exc, TemplateLimit):
        return diagnostic("PE804" if exc.kind == "size" else "PE805", where, problem=exc.detail)
    if isinstance(exc, RecursionError | MemoryError):
        return diagnostic("PE804", where, problem=type(exc).__name__)
    return diagnostic("PE806", where, problem=f"{type(exc).__name__}: {detail}")


def _template_line(trace: TracebackType | None, name: str) -> int:
    """The last traceback frame Jinja attributes to the template file."""
    line = 0
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == name:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
