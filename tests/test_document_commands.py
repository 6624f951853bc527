"""The document commands refuse a file kind they do not write; init writes a project's
skeleton for a project rubric."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "haizhu-2023.yaml"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "perfeval", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("export", str(SEED)), "x.xls"),
        (("init", "--rubric", "gd-dept-overall"), "x.docx"),
        (("init", "--rubric", "gd-dept-overall", "--format", "xlsx"), "x.yaml"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_extension_the_command_does_not_write_is_a_usage_error(
    args: tuple[str, ...], name: str, lang: str, tmp_path: Path
) -> None:
    output = tmp_path / name
    done = _run(*args, "-o", str(output), "--lang", lang)
    assert done.returncode == 2
    assert f"{output}: [PE810]" in done.stderr
    assert not output.exists()
    assert ("不写" if lang == "zh" else "does not write") in done.stderr


def test_report_refuses_a_format_it_does_not_write(tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    done = _run("report", str(SEED), "-o", str(output))
    assert done.returncode == 2 and f"{output}: [PE807]" in done.stderr


def test_init_for_a_project_rubric_writes_a_project_block() -> None:
    done = _run("init", "--rubric", "mof-project")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# 项目支出绩效自评材料")
    assert '\nproject:\n  name: "待填写：项目名称"\n' in done.stdout
    department = _run("init", "--rubric", "gd-dept-overall")
    assert "\nproject:" not in department.stdout
