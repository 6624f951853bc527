"""Characters an editor does not show (issue 15 item 4, 5): each is named, at the line and
column an editor shows, with the hint of its own code — never the parser's words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parent.parent / "examples" / "haizhu-2023.yaml"
HEAD = "rubric: gd-dept-overall\ndepartment:\n"


@pytest.mark.parametrize(
    ("body", "code", "line", "col", "named"),
    [
        ("  name: 海珠\u2028区\n  year: 2023\n", "PE024", 3, 11, "U+2028 LINE SEPARATOR"),
        ("  name: 海珠\u2029区\n  year: 2023\n", "PE024", 3, 11, "U+2029"),
        ("  name: 海珠\x85区\n  year: 2023\n", "PE024", 3, 11, "U+0085"),
        ("  na\u200bme: 海珠区\n  year: 2023\n", "PE023", 3, 5, "U+200B ZERO WIDTH SPACE"),
        ("  name: 海珠区\ufeff\n  year: 2023\n", "PE023", 3, 12, "U+FEFF"),
        ("  name: 海\u202e珠区\n  year: 2023\n", "PE023", 3, 10, "RIGHT-TO-LEFT OVERRIDE"),
        ("  name: 海珠\u00ad区\n  year: 2023\n", "PE023", 3, 11, "SOFT HYPHEN"),
        ("  name: 海珠区\x07\n  year: 2023\n", "PE028", 3, 12, "U+0007"),
        ("  name： 海珠区\n  year: 2023\n", "PE025", 3, 7, "name"),
        ("  name：海珠区\n  year: 2023\n", "PE025", 3, 7, "name"),
        ("  name: 海珠区\n\tyear: 2023\n", "PE026", 4, 1, "tab"),
        ("  name: 海珠区\n \tyear: 2023\n", "PE026", 4, 2, "tab"),
        ("\u3000 name: 海珠区\n  year: 2023\n", "PE027", 3, 1, "U+3000 IDEOGRAPHIC SPACE"),
        ("\u00a0 name: 海珠区\n  year: 2023\n", "PE027", 3, 1, "U+00A0"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("PE") else None,
)
def test_an_unseen_character_is_named_where_an_editor_shows_it(
    tmp_path: Path, body: str, code: str, line: int, col: int, named: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "perfeval", "score", "case.yaml", "--no-cache", "--lang", "en"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"case.yaml:{line}:{col}: [{code}] error: "), first
    if named != "tab":
        assert named in first
    assert "could not find" not in result.stderr and "cannot start any token" not in result.stderr


def test_spaces_an_editor_shows_are_read_as_text_inside_a_value(tmp_path: Path) -> None:
    """A full-width or no-break space inside text is content, not a problem."""
    text = SEED.read_text(encoding="utf-8").replace(
        "name: 广州市海珠区人民政府办公室", "name: 广州市海珠区\u3000人民政府\u00a0办公室"
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "perfeval", "score", str(path), "-f", "json", "--no-cache"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "广州市海珠区\u3000人民政府\u00a0办公室" in result.stdout
