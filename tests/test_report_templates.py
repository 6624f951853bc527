"""`perfeval report`: the command, formats, and user templates in the guarded sandbox."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.errors import InputError
from perfeval.narrative.limits import MAX_OUTPUT
from perfeval.narrative.templating import Source, render

runner = CliRunner()


def run_report(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", *args])
    return result.exit_code, result.output


def in_process(source: str, fmt: str = "md") -> str:
    def loader(name: str) -> Source | None:
        return (source, "t.j2", lambda: True) if name == "t.j2" else None

    return render(fmt, "t.j2", {"title": "<x>", "rows": ["a", "b"]}, loader)


def refused(source: str) -> tuple[str, int]:
    with pytest.raises(InputError) as caught:
        in_process(source)
    (found,) = caught.value.diagnostics
    return found.code, found.location.line


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_report_command_writes_each_format(seed: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    code, _ = run_report(str(seed), "-o", str(target))
    assert code == 0
    assert target.stat().st_size > 1000


def test_format_option_overrides_the_extension(seed: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    code, output = run_report(str(seed), "-o", str(target))
    assert code == 2
    assert "[PE807]" in output
    assert not target.exists()
    code, _ = run_report(str(seed), "-o", str(target), "--format", "html")
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_never_overwrites_its_input(seed: Path, tmp_path: Path) -> None:
    copy = tmp_path / "s.md"
    copy.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = run_report(str(copy), "-o", str(copy), "--rubric", "gd-dept-overall")
    assert code == 2
    assert "[PE020]" in output


def test_a_failing_submission_gets_no_report(seed: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = seed.read_text(encoding="utf-8").replace("claimed_score: 99", "claimed_score: 90")
    broken.write_text(text, encoding="utf-8")
    target = tmp_path / "r.md"
    code, output = run_report(str(broken), "-o", str(target))
    assert code == 1
    assert "[PE301]" in output
    assert not target.exists()


def test_user_template_renders_the_report(seed: Path, tmp_path: Path) -> None:
    template = tmp_path / "mine.html.j2"
    template.write_text(
        "<h1>{{ report.title }}</h1><p>{{ report.total_line }}</p>{{ report.charts[0].svg }}",
        encoding="utf-8",
    )
    target = tmp_path / "out.html"
    code, _ = run_report(str(seed), "-o", str(target), "--template", str(template))
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert "<h1>2023 年度广州市海珠区人民政府办公室 部门整体支出绩效自评报告</h1>" in html
    assert "得分 99 分" in html
    assert html.count("<svg") == 1


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        ("ok\n{{ ''.__class__.__mro__ }}", "PE802", 2),
        ("{{ report.__init__.__globals__ }}", "PE802", 1),
        ("{% for i in range(10**9) %}x{% endfor %}", "PE804", 1),
        ("{{ 'x' * 10**9 }}", "PE804", 1),
        ("a\nb\n{{ (10 ** 1000) ** 1000 }}", "PE804", 3),
        ("{{ 2 ** 100000 }}", "PE804", 1),
        ("{{ report.nope }}", "PE803", 1),
        ("{% for x in %}", "PE801", 1),
    ],
)
def test_hostile_template_is_refused_with_a_located_message(
    seed: Path, tmp_path: Path, source: str, code: str, line: int
) -> None:
    template = tmp_path / "hostile.j2"
    template.write_text(source, encoding="utf-8")
    target = tmp_path / "out.md"
    started = time.monotonic()
    exit_code, output = run_report(str(seed), "-o", str(target), "--template", str(template))
    assert time.monotonic() - started < 15
    assert exit_code == 1
    assert f"{template}:{line}:" in output or (line == 1 and f"{template}: [" in output)
    assert f"[{code}]" in output
    assert not target.exists()


def test_nested_loops_hit_the_iteration_budget() -> None:
    started = time.monotonic()
    code, line = refused(
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    )
    assert (code, line) == ("PE805", 1)
    assert time.monotonic() - started < 10


def test_output_is_bounded() -> None:
    # Each piece is allowed; together they pass the output limit (reported for the file).
    assert refused("{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}") == ("PE804", 0)
    assert len(in_process("{{ 'x' * 1000 }}")) == 1000
    assert MAX_OUTPUT < 10**7


def test_sandbox_allows_ordinary_templates_and_escapes_html() -> None:
    assert in_process("{% for i in report.rows %}{{ i }}{% endfor %} {{ 2 ** 10 }}") == "ab 1024"
    assert in_process("{{ report.title }}", fmt="html") == "&lt;x&gt;"
    assert in_process("{{ report.title }}", fmt="md") == "<x>"


def test_docx_refuses_a_template(seed: Path, tmp_path: Path) -> None:
    template = tmp_path / "t.j2"
    template.write_text("x", encoding="utf-8")
    code, output = run_report(
        str(seed), "-o", str(tmp_path / "r.docx"), "--template", str(template)
    )
    assert code == 2
    assert "[PE808]" in output
