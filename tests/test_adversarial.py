"""The adversarial corpus (tests/adversarial/cases.toml), run through the real CLI.

Each case runs `python -m perfeval` in a subprocess with a wall-time limit and an address-space
limit, and must end with its expected exit code and a located, human message — never a
traceback, never the raw hostile input echoed back. Big or derived inputs (a 50 MB file,
10,000-deep nesting, variants of the Haizhu example) are generated here at test time.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval.i18n import message
from perfeval.metrics import Unavailable, parse_formula
from perfeval.rules.base import quantize
from perfeval.run.score import score_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "adversarial"
SEED = ROOT / "examples" / "haizhu-2023.yaml"
RUBRIC = ROOT / "src" / "perfeval" / "rubrics" / "gd-dept-overall.yaml"
MARKER = "PERFEVAL-MARKER-7f3a"
WALL_SECONDS = 10  # generous for a slow CI machine; a normal case takes well under 1 s
ADDRESS_SPACE = 1024**3  # 1 GiB: a bomb that expanded would die here instead of passing
DEEP = 10_000


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    exit: int
    codes: list[str]
    file: str | None = None
    generate: str | None = None
    replace: list[str] | None = None
    located: str = "case"


def _cases() -> list[Case]:
    manifest = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
    return [Case(**entry) for entry in manifest["case"]]


CASES = _cases()


# --- generators: write case.yaml (and anything beside it) into the working directory -----


def _substituted(source: Path, case: Case) -> str:
    text = source.read_text(encoding="utf-8")
    if case.replace is None:
        return text
    old, new = case.replace
    assert text.count(old) == 1, f"{case.name}: {old!r} must occur once in {source.name}"
    return text.replace(old, new)


def _seed(work: Path, case: Case) -> None:
    (work / "case.yaml").write_text(_substituted(SEED, case), encoding="utf-8")


def _rubric(work: Path, case: Case) -> None:
    (work / "case.yaml").write_text(_substituted(RUBRIC, case), encoding="utf-8")


def _rubric_overflow(work: Path, case: Case) -> None:
    product = " * ".join(["9" * 22] * 14)  # ≈ 10**308: far past any real figure
    text = RUBRIC.read_text(encoding="utf-8")
    old = "satisfaction: data.satisfaction.rate"
    (work / "case.yaml").write_text(text.replace(old, f"satisfaction: {product}"), "utf-8")


def _rubric_deep_formula(work: Path, case: Case) -> None:
    formula = "(" * DEEP + "1" + ")" * DEEP
    text = RUBRIC.read_text(encoding="utf-8")
    old = "satisfaction: data.satisfaction.rate"
    (work / "case.yaml").write_text(text.replace(old, f"satisfaction: {formula}"), "utf-8")


def _deep_flow(work: Path, case: Case) -> None:
    body = "[" * DEEP + f'"{MARKER}"' + "]" * DEEP
    (work / "case.yaml").write_text(f"rubric: gd-dept-overall\ndata: {body}\n", "utf-8")


def _deep_block(work: Path, case: Case) -> None:
    body = "- " * DEEP + MARKER
    (work / "case.yaml").write_text(f"{body}\n", "utf-8")


def _fifty_megabytes(work: Path, case: Case) -> None:
    line = f"  - {MARKER} padding padding padding padding padding padding padding\n"
    chunk = line * 10_000
    with (work / "case.yaml").open("w", encoding="utf-8") as handle:
        handle.write("rubric: gd-dept-overall\nnotes:\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)


def _seed_utf16(work: Path, case: Case) -> None:
    (work / "case.yaml").write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))


def _seed_utf8_bom(work: Path, case: Case) -> None:
    (work / "case.yaml").write_bytes(SEED.read_text(encoding="utf-8").encode("utf-8-sig"))


def _seed_crlf(work: Path, case: Case) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    (work / "case.yaml").write_bytes(text.encode("utf-8"))


def _rubric_symlink_outside(work: Path, case: Case) -> None:
    outside = work.parent / "outside-rubric.yaml"
    outside.write_text(RUBRIC.read_text(encoding="utf-8"), encoding="utf-8")
    (work / "linked-rubric.yaml").symlink_to(outside)
    text = SEED.read_text(encoding="utf-8").replace(
        "rubric: gd-dept-overall", "rubric: linked-rubric.yaml"
    )
    (work / "case.yaml").write_text(text, encoding="utf-8")


GENERATORS: dict[str, Callable[[Path, Case], None]] = {
    "seed": _seed,
    "rubric": _rubric,
    "rubric_overflow": _rubric_overflow,
    "rubric_deep_formula": _rubric_deep_formula,
    "deep_flow": _deep_flow,
    "deep_block": _deep_block,
    "fifty_megabytes": _fifty_megabytes,
    "seed_utf16": _seed_utf16,
    "seed_utf8_bom": _seed_utf8_bom,
    "seed_crlf": _seed_crlf,
    "rubric_symlink_outside": _rubric_symlink_outside,
}


def prepare(case: Case, tmp_path: Path) -> Path:
    """The case's working directory with case.yaml and seed.yaml in it."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "seed.yaml").write_bytes(SEED.read_bytes())
    if case.file is not None:
        (work / "case.yaml").write_bytes((CORPUS / case.file).read_bytes())
    else:
        assert case.generate is not None, f"{case.name}: needs file or generate"
        GENERATORS[case.generate](work, case)
    return work


# --- running the CLI with limits ---------------------------------------------------------


def _limit_memory() -> None:  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERFEVAL_")}
    return {**env, "NO_COLOR": "1", "COLUMNS": "120"}


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfeval", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=WALL_SECONDS,
        preexec_fn=_limit_memory,  # safe: the test process starts no threads before forking
        env=child_env(),
        check=False,
    )


def assert_human(result: subprocess.CompletedProcess[str], case: Case) -> None:
    """Each expected code is printed, located, with its localized message; no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "internal error" not in output
    assert MARKER not in output, "the raw input was echoed back"
    shown = {"case": "case.yaml", "seed": "seed.yaml", "file": "case.yaml"}[case.located]
    where = r"" if case.located == "file" else r":\d+:\d+"
    for code in case.codes:
        pattern = rf"^{re.escape(shown)}{where}: \[{code}\] \S+: (?P<text>.+)$"
        found = re.search(pattern, output, re.MULTILINE)
        assert found, f"{code} not printed as {shown}{where}: [{code}] …\n{output}"
        assert found["text"].strip() and "{" not in found["text"]  # a filled-in message
        assert message(code, "zh", {})[0], f"{code} has no zh message"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    work = prepare(case, tmp_path)
    args = [a.replace("{case}", "case.yaml").replace("{seed}", "seed.yaml") for a in case.args]
    started = time.monotonic()
    result = run_cli(args, work)
    elapsed = time.monotonic() - started
    assert result.returncode == case.exit, result.stderr
    assert_human(result, case)
    assert elapsed < WALL_SECONDS
    if case.exit == 0:
        assert re.search(r"\b99\b", result.stdout), "a valid variant of the seed scores 99"


def test_corpus_is_large_and_every_file_is_used() -> None:
    assert len(CASES) >= 30
    used = {c.file for c in CASES if c.file}
    on_disk = {p.name for p in CORPUS.glob("*.yaml")}
    assert used == on_disk
    assert all(c.file or c.generate in GENERATORS for c in CASES)


# --- the alias bomb: fast, small, silent ------------------------------------------------

_MEASURE = """
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
elapsed = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(done.returncode, elapsed, peak)
sys.stderr.write(done.stdout + done.stderr)
"""


@pytest.mark.parametrize(
    ("corpus_file", "args", "code"),
    [
        ("alias-bomb.yaml", ["score", "case.yaml"], 1),
        ("rubric-alias-bomb.yaml", ["score", "seed.yaml", "--rubric", "case.yaml"], 2),
    ],
)
def test_alias_bomb_is_rejected_fast_in_little_memory(
    corpus_file: str, args: list[str], code: int, tmp_path: Path
) -> None:
    """Peak RSS of a fresh `perfeval` process (measured by a fresh parent) stays < 200 MB."""
    (tmp_path / "case.yaml").write_bytes((CORPUS / corpus_file).read_bytes())
    (tmp_path / "seed.yaml").write_bytes(SEED.read_bytes())
    command = [sys.executable, "-m", "perfeval", *args]
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=WALL_SECONDS,
        check=True,
    )
    returncode, elapsed, peak_kib = measured.stdout.split()
    assert int(returncode) == code
    assert float(elapsed) < 2.0
    assert int(peak_kib) * 1024 < 200 * 1000 * 1000
    assert "[PE003]" in measured.stderr
    assert MARKER not in measured.stderr


# --- bugs the corpus found, pinned where they were fixed --------------------------------


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        ("1e50", "0.0001", "1e50"),  # no digits finer than the step: kept as it is
        ("3.2e26", "0.0001", "3.2e26"),
        ("123456789012345678901234567890.123456", "0.0001", "123456789012345678901234567890.1235"),
        ("0.12345", "0.0001", "0.1235"),  # half-up, as before
        ("1", "0.001", "1.000"),  # padded, as before (the printed digits)
    ],
)
def test_quantize_never_raises_for_big_numbers(value: str, step: str, expected: str) -> None:
    result = quantize(Decimal(value), Decimal(step))
    assert str(result) == str(Decimal(expected))  # same value and same printed digits


def test_huge_figure_scores_instead_of_crashing(tmp_path: Path) -> None:
    """budget.executed = 1e30 made the ratio rule's rounding raise InvalidOperation."""
    case = Case("executed 1e30", [], 0, [], replace=["executed: 3089.8", "executed: 1e30"])
    work = tmp_path / "w"
    work.mkdir()
    _seed(work, case)
    outcome = score_file(work / "case.yaml", "case.yaml")
    assert outcome.scorecard is not None
    leaf = next(n for n in outcome.scorecard.indicators[1].children if n.id == "budget_execution")
    assert leaf.score == leaf.weight


def test_formula_result_beyond_1e99_is_overflow() -> None:
    formula = parse_formula("a * a * a")
    assert formula.evaluate(lambda _: Decimal("1e40")) == Unavailable("overflow", "a * a * a")
    assert formula.evaluate(lambda _: Decimal("1e33")) == Decimal("1e99")
