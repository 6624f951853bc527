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
WALL_SECONDS = 5  # SECURITY.md: every case ends in under 5 s (a normal one in well under 1)
PEAK_RSS = 300 * 1024 * 1024  # SECURITY.md: and under 300 MB at its peak
ADDRESS_SPACE = 1024**3  # 1 GiB: a bomb that expanded would die here instead of passing
_MEASURED = (
    "import atexit, resource, runpy, sys; "
    "atexit.register(lambda: sys.stderr.write("
    "'\\nPEAK-RSS-KB %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)); "
    "sys.argv = ['perfeval', *sys.argv[1:]]; runpy.run_module('perfeval', run_name='__main__')"
)
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
    good: list[str] | None = None  # files of the same batch that must still score 99
    shows_score: bool = True  # exit 0 prints the seed's 99 on stdout (not with -o)


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


def _own_id(text: str) -> str:
    """A modified copy of the bundled rubric, under an id of its own (PE220 otherwise)."""
    return text.replace("id: gd-dept-overall", "id: gd-dept-overall-modified", 1)


def _rubric(work: Path, case: Case) -> None:
    (work / "case.yaml").write_text(_own_id(_substituted(RUBRIC, case)), encoding="utf-8")


def _rubric_same_id(work: Path, case: Case) -> None:
    (work / "case.yaml").write_text(_substituted(RUBRIC, case), encoding="utf-8")


def _rubric_beside(work: Path, case: Case) -> None:
    """The seed naming a lenient rubric it brings along (every deduction worth nothing)."""
    lenient = _own_id(_substituted(RUBRIC, case))
    (work / "lenient.yaml").write_text(lenient, encoding="utf-8")
    text = SEED.read_text(encoding="utf-8").replace(
        "rubric: gd-dept-overall", "rubric: lenient.yaml"
    )
    (work / "case.yaml").write_text(text, encoding="utf-8")


def _rubric_overflow(work: Path, case: Case) -> None:
    product = " * ".join(["9" * 22] * 14)  # ≈ 10**308: far past any real figure
    text = _own_id(RUBRIC.read_text(encoding="utf-8"))
    old = "satisfaction: data.satisfaction.rate"
    (work / "case.yaml").write_text(text.replace(old, f"satisfaction: {product}"), "utf-8")


def _rubric_deep_formula(work: Path, case: Case) -> None:
    formula = "(" * DEEP + "1" + ")" * DEEP
    text = _own_id(RUBRIC.read_text(encoding="utf-8"))
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


def _long_list(work: Path, case: Case) -> None:
    """A 5 MB flow list of 2.6 M one-letter items (PE017, read no further than the limit)."""
    items = ",".join(["a"] * 2_600_000)
    text = f"rubric: gd-dept-overall\ndepartment: {{name: x, year: 2023}}\ndata: {{x: [{items}]}}\n"
    (work / "case.yaml").write_text(text, encoding="utf-8")


def _long_json_list(work: Path, case: Case) -> None:
    """The same list as JSON: the fast parser is not even started (PE017 from the loader)."""
    items = ",".join(['"a"'] * 1_300_000)
    text = f'{{"rubric": "gd-dept-overall", "data": {{"x": [{items}]}}}}'
    (work / "case.json").write_text(text, encoding="utf-8")
    (work / "case.yaml").write_text(text, encoding="utf-8")


def _alias_paragraph(work: Path, case: Case) -> None:
    """A 10 KB paragraph anchored once and aliased thousands of times (PE018): each alias
    costs what it repeats, so the text budget is spent long before the checks run."""
    paragraph = "重复的段落，" * 1700 + MARKER
    aliases = "\n".join("    - *p" for _ in range(4000))
    text = (
        f"rubric: gd-dept-overall\nnote: &p {paragraph}\ndepartment:\n  name: x\n"
        f"  year: 2023\n  functions:\n{aliases}\n"
    )
    (work / "case.yaml").write_text(text, encoding="utf-8")


def _many_duplicates(work: Path, case: Case) -> None:
    """2,000 copies of one duty: 1,999 PE411 warnings, of which 200 are shown (PE019)."""
    duties = "\n".join(f"    - 负责示例工作 {MARKER[:0]}" for _ in range(2000))
    text = SEED.read_text(encoding="utf-8").replace(
        "  functions:\n", f"  functions:\n{duties}\n", 1
    )
    (work / "case.yaml").write_text(text, encoding="utf-8")


def _fifo(work: Path, case: Case) -> None:
    os.mkfifo(work / "case.yaml")


def _dev_zero(work: Path, case: Case) -> None:
    (work / "case.yaml").symlink_to("/dev/zero")


def _fifo_form(work: Path, case: Case) -> None:
    os.mkfifo(work / "case.xlsx")


def _dev_zero_form(work: Path, case: Case) -> None:
    (work / "case.xlsx").symlink_to("/dev/zero")


def _rubric_symlink_outside(work: Path, case: Case) -> None:
    outside = work.parent / "outside-rubric.yaml"
    outside.write_text(RUBRIC.read_text(encoding="utf-8"), encoding="utf-8")
    (work / "linked-rubric.yaml").symlink_to(outside)
    text = SEED.read_text(encoding="utf-8").replace(
        "rubric: gd-dept-overall", "rubric: linked-rubric.yaml"
    )
    (work / "case.yaml").write_text(text, encoding="utf-8")


# --- batches: batch/case.yaml is the hostile entry, batch/good.yaml a copy of the seed -----


def _batch(work: Path) -> Path:
    folder = work / "batch"
    folder.mkdir()
    (folder / "good.yaml").write_bytes(SEED.read_bytes())
    (work / "case.yaml").write_bytes(SEED.read_bytes())
    return folder


def _batch_fifo(work: Path, case: Case) -> None:
    os.mkfifo(_batch(work) / "case.yaml")


def _batch_dev_zero(work: Path, case: Case) -> None:
    (_batch(work) / "case.yaml").symlink_to("/dev/zero")


def _batch_socket(work: Path, case: Case) -> None:
    import socket

    where = _batch(work) / "case.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(where))  # the socket file stays after the test closes it
    server.close()


def _batch_system_file(work: Path, case: Case) -> None:
    (_batch(work) / "case.yaml").symlink_to("/etc/passwd")


def _batch_self_link(work: Path, case: Case) -> None:
    (_batch(work) / "case.yaml").symlink_to("case.yaml")


def _batch_parent_link(work: Path, case: Case) -> None:
    folder = _batch(work)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    (folder / "sub" / "root").symlink_to("/")


def _batch_link_cycle(work: Path, case: Case) -> None:
    folder = _batch(work)
    (folder / "one").mkdir()
    (folder / "two").mkdir()
    (folder / "one" / "to-two").symlink_to("../two")
    (folder / "two" / "to-one").symlink_to("../one")
    (folder / "one" / "back").symlink_to("..")
    (folder / "two" / "dev").symlink_to("/dev")


def _batch_fifty_megabytes(work: Path, case: Case) -> None:
    folder = _batch(work)
    _fifty_megabytes(folder, case)


def _batch_links_to_one_file(work: Path, case: Case) -> None:
    folder = _batch(work)
    os.link(folder / "good.yaml", folder / "hard.yaml")
    (folder / "soft.yaml").symlink_to("good.yaml")


def _batch_deep(work: Path, case: Case) -> None:
    folder = _batch(work)
    deep = folder.joinpath(*["d"] * 200)
    deep.mkdir(parents=True)
    (deep / "deep.yaml").write_bytes(SEED.read_bytes())


GENERATORS: dict[str, Callable[[Path, Case], None]] = {
    "seed": _seed,
    "rubric": _rubric,
    "rubric_same_id": _rubric_same_id,
    "rubric_beside": _rubric_beside,
    "rubric_overflow": _rubric_overflow,
    "rubric_deep_formula": _rubric_deep_formula,
    "deep_flow": _deep_flow,
    "deep_block": _deep_block,
    "fifty_megabytes": _fifty_megabytes,
    "seed_utf16": _seed_utf16,
    "seed_utf8_bom": _seed_utf8_bom,
    "seed_crlf": _seed_crlf,
    "rubric_symlink_outside": _rubric_symlink_outside,
    "long_list": _long_list,
    "long_json_list": _long_json_list,
    "alias_paragraph": _alias_paragraph,
    "many_duplicates": _many_duplicates,
    "fifo": _fifo,
    "dev_zero": _dev_zero,
    "fifo_form": _fifo_form,
    "dev_zero_form": _dev_zero_form,
    "batch_fifo": _batch_fifo,
    "batch_dev_zero": _batch_dev_zero,
    "batch_socket": _batch_socket,
    "batch_system_file": _batch_system_file,
    "batch_self_link": _batch_self_link,
    "batch_parent_link": _batch_parent_link,
    "batch_link_cycle": _batch_link_cycle,
    "batch_fifty_megabytes": _batch_fifty_megabytes,
    "batch_links_to_one_file": _batch_links_to_one_file,
    "batch_deep": _batch_deep,
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
        [sys.executable, "-c", _MEASURED, *args],
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
    shown = {"case": "case.yaml", "seed": "seed.yaml", "file": "case.yaml", "json": "case.json",
             "batch": "batch/case.yaml", "batch-file": "batch/case.yaml",
             "form-file": "case.xlsx"}[case.located]  # fmt: skip
    where = r"" if case.located in ("file", "batch-file", "form-file") else r":\d+:\d+"
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
    peak = re.search(r"PEAK-RSS-KB (\d+)", result.stderr)
    assert peak is not None and int(peak[1]) * 1024 < PEAK_RSS, peak
    if case.exit == 0 and case.shows_score:
        assert re.search(r"\b99\b", result.stdout), "a valid variant of the seed scores 99"
    for good in case.good or ():
        line = re.search(rf"^{re.escape(good)},.*$", result.stdout, re.MULTILINE)
        assert line and ",99," in line[0], f"{good} was not scored 99 in the same batch"


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
