"""The result cache: a hit reproduces the outcome exactly; a change to the submission, the
rubric or perfeval's version is a miss; a corrupted, foreign or tampered entry is never
trusted — the file is scored again and the entry rewritten."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import perfeval
from perfeval.load import sources
from perfeval.run import cache
from perfeval.run.cache import ResultCache, decode, encode, entry_key, score_cached
from perfeval.run.outcome import FileOutcome, HeadlineOutcome
from perfeval.run.score import score_file


class Counting:
    """`score_file`, counting how often the cache had to fall back to it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path, display: str, rubric: str | None = None) -> FileOutcome:
        self.calls += 1
        return score_file(path, display, rubric)


@pytest.fixture
def scorer(monkeypatch: pytest.MonkeyPatch) -> Counting:
    counting = Counting()
    monkeypatch.setattr(cache, "score_file", counting)
    return counting


@pytest.fixture
def store(tmp_path: Path) -> ResultCache:
    return ResultCache(tmp_path / "cache")


@pytest.fixture
def local(seed: Path, tmp_path: Path, trust_rubrics: Callable[[Path], None]) -> Path:
    """The seed scored against a (trusted) rubric file beside it, so a test can edit it."""
    folder = tmp_path / "dept"
    folder.mkdir()
    trust_rubrics(folder)
    rubric = sources.bundled_dir() / "gd-dept-overall.yaml"
    own = rubric.read_text(encoding="utf-8").replace("id: gd-dept-overall", "id: dept-copy", 1)
    (folder / "rubric.yaml").write_text(own, encoding="utf-8")  # edited: an id of its own
    text = seed.read_text(encoding="utf-8").replace(
        "rubric: gd-dept-overall", "rubric: rubric.yaml"
    )
    path = folder / "submission.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def entry_file(store: ResultCache, path: Path) -> Path:
    key = entry_key(path.read_bytes(), path, str(path), None)
    return store.entry_path(key)


def test_a_hit_reproduces_the_outcome_without_scoring_again(
    local: Path, store: ResultCache, scorer: Counting
) -> None:
    first = score_cached(local, str(local), None, store, FileOutcome)
    second = score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 1
    assert second == first
    assert first.scorecard is not None and first.scorecard.total == 99
    assert decode(encode(first), FileOutcome) == first


def test_a_changed_submission_is_scored_again(
    local: Path, store: ResultCache, scorer: Counting
) -> None:
    score_cached(local, str(local), None, store, FileOutcome)
    text = local.read_text(encoding="utf-8").replace("count: 0", "count: 1", 1)
    local.write_text(text.replace("claimed_score: 99", "claimed_score: 98"), encoding="utf-8")
    outcome = score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2
    assert outcome.scorecard is not None and outcome.scorecard.total == 98


def test_a_changed_rubric_is_scored_again(
    local: Path, store: ResultCache, scorer: Counting
) -> None:
    score_cached(local, str(local), None, store, FileOutcome)
    rubric = local.parent / "rubric.yaml"
    rubric.write_text(
        rubric.read_text(encoding="utf-8").replace("points: 0.5", "points: 1", 1), "utf-8"
    )
    sources._load_rubric_cached.cache_clear()  # the loader's own per-process memo
    outcome = score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2
    assert outcome.scorecard is not None and outcome.scorecard.total == 98


def test_a_new_version_is_scored_again(
    local: Path, store: ResultCache, scorer: Counting, monkeypatch: pytest.MonkeyPatch
) -> None:
    score_cached(local, str(local), None, store, FileOutcome)
    monkeypatch.setattr(perfeval, "__version__", "99.0.0")
    score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2
    score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2  # and the new version's entry is used from then on


def redigest(header: dict[str, object], payload: bytes) -> None:
    """What a forger who knows the entry format writes: digests that match the payload."""
    import hashlib

    head, _, body = payload.partition(b"\n")
    header["head_sha256"] = hashlib.sha256(head).hexdigest()
    header["body_sha256"] = hashlib.sha256(body).hexdigest()


def _tamper_total(raw: bytes) -> bytes:
    return raw.replace(b'"total":"99.0"', b'"total":"100.0"', 1)


def _tamper_and_fix_digest(raw: bytes) -> bytes:
    head, _, payload = raw.partition(b"\n")
    header = json.loads(head)
    payload = _tamper_total(payload)
    header["body_sha256"] = "0" * 64
    return json.dumps(header).encode() + b"\n" + payload


def _foreign_key(raw: bytes) -> bytes:
    head, _, payload = raw.partition(b"\n")
    header = json.loads(head)
    header["key"] = "f" * 64
    return json.dumps(header).encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [
        _tamper_total,
        _tamper_and_fix_digest,
        _foreign_key,
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"\x00garbage",
        lambda raw: b"",
    ],
)
def test_a_damaged_entry_is_rescored_and_rewritten(
    damage: object, local: Path, store: ResultCache, scorer: Counting
) -> None:
    first = score_cached(local, str(local), None, store, FileOutcome)
    entry = entry_file(store, local)
    good = entry.read_bytes()
    assert callable(damage)
    entry.write_bytes(damage(good))
    assert entry.read_bytes() != good
    again = score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2
    assert again == first
    assert entry.read_bytes() == good  # rewritten


def test_a_valid_looking_entry_with_a_consistent_digest_but_a_wrong_shape_is_ignored(
    local: Path, store: ResultCache, scorer: Counting
) -> None:

    score_cached(local, str(local), None, store, FileOutcome)
    entry = entry_file(store, local)
    head, _, _ = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    payload = b'{"path": "x", "scorecard": {"total": "100"}}'
    redigest(header, payload)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    outcome = score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2
    assert outcome.scorecard is not None and outcome.scorecard.total == 99


def test_invalid_submissions_are_cached_too_but_rubric_problems_are_not(
    tmp_path: Path, store: ResultCache, scorer: Counting
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("rubric: gd-dept-overall\ndepartment: [\n", encoding="utf-8")
    first = score_cached(broken, "broken.yaml", None, store, FileOutcome)
    assert score_cached(broken, "broken.yaml", None, store, FileOutcome) == first
    assert scorer.calls == 1
    missing = tmp_path / "missing-rubric.yaml"
    missing.write_text("rubric: nowhere.yaml\ndepartment: {name: 部门, year: 2023}\n", "utf-8")
    score_cached(missing, "missing-rubric.yaml", None, store, FileOutcome)
    score_cached(missing, "missing-rubric.yaml", None, store, FileOutcome)
    assert scorer.calls == 3  # PE219 depends on another file: never cached


def test_an_unwritable_cache_directory_only_means_no_cache(
    local: Path, tmp_path: Path, scorer: Counting
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    store = ResultCache(blocker)
    assert score_cached(local, str(local), None, store, FileOutcome).scorecard is not None
    assert score_cached(local, str(local), None, store, FileOutcome).scorecard is not None
    assert scorer.calls == 2


def test_the_codec_keeps_every_field_of_an_outcome(local: Path) -> None:
    import dataclasses

    kept = {f.name for f in dataclasses.fields(FileOutcome)} - {"gate_findings"}
    assert kept == set(cache.CODED_FIELDS)
    scored = score_file(local, "x")
    assert scored.headline is not None and scored.headline.grades
    assert scored.rubric_path is not None
    assert decode(encode(scored), FileOutcome) == scored
    assert decode(encode(scored), HeadlineOutcome) == scored.headline_only()
    unscored = score_file(local.parent / "missing.yaml", "missing.yaml")
    assert unscored.cannot_run
    assert decode(encode(unscored), FileOutcome) == unscored


def test_workers_hand_on_hits_and_a_forged_entry_is_rescored_by_the_reader(
    local: Path, store: ResultCache
) -> None:
    import shutil

    from perfeval.run.discover import discover
    from perfeval.run.parallel import score_all

    for index in range(5):
        shutil.copyfile(local, local.parent / f"copy-{index}.yaml")
    found = discover([str(local.parent)])
    first = list(score_all(found, None, 2, store, FileOutcome))
    victim = found[2].path
    entry = entry_file(store, victim)
    good = entry.read_bytes()
    header = json.loads(good.partition(b"\n")[0])
    payload = b'{"path": "forged"}\n{"total": "100"}'
    redigest(header, payload)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    assert list(score_all(found, None, 2, store, FileOutcome)) == first
    assert entry.read_bytes() == good


def test_a_headline_format_reads_a_hit_without_validating_its_scorecard(
    local: Path, store: ResultCache, scorer: Counting, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfeval.models.result import Scorecard

    score_cached(local, str(local), None, store, FileOutcome)

    def refuse(*_: object) -> None:
        raise AssertionError("a headline-only hit validated its scorecard")

    monkeypatch.setattr(Scorecard, "model_validate_json", refuse)
    hit = score_cached(local, str(local), None, store, HeadlineOutcome)
    assert scorer.calls == 1
    assert hit.headline is not None and hit.headline.total == 99
    assert hit.headline.grade.zh == "优" and hit.headline.largest_points == 1


def test_a_forged_scorecard_behind_a_good_headline_is_rescored_when_the_tree_is_needed(
    local: Path, store: ResultCache, scorer: Counting
) -> None:

    first = score_cached(local, str(local), None, store, FileOutcome)
    entry = entry_file(store, local)
    head, _, payload = entry.read_bytes().partition(b"\n")
    outcome_line, _, _ = payload.partition(b"\n")
    forged = outcome_line + b'\n{"total": "100"}'
    header = json.loads(head)
    redigest(header, forged)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + forged)
    assert score_cached(local, str(local), None, store, FileOutcome) == first
    assert scorer.calls == 2


@pytest.mark.parametrize(
    "change",
    [
        {"total": 99},  # a JSON number, not the Decimal's text
        {"total": "NaN"},
        {"grade": "优"},
        {"grades": [["优"]]},
        {"largest": [1, None]},
        {"extra": "field"},
    ],
)
def test_a_headline_of_the_wrong_shape_is_not_one(change: dict[str, object], local: Path) -> None:
    from perfeval.run.headline import Headline

    headline = score_file(local, "x").headline
    assert headline is not None
    assert Headline.from_json(headline.to_json()) == headline
    with pytest.raises(ValueError):
        Headline.from_json({**headline.to_json(), **change})


def test_a_batch_answered_from_the_cache_starts_no_workers(
    local: Path, store: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from perfeval.run import parallel
    from perfeval.run.discover import discover

    for index in range(5):
        shutil.copyfile(local, local.parent / f"copy-{index}.yaml")
    found = discover([str(local.parent)])
    first = list(parallel.score_all(found, None, 2, store, FileOutcome))

    def no_pool(jobs: int) -> None:
        raise AssertionError("a warm batch started worker processes")

    monkeypatch.setattr(parallel, "_pool", no_pool)
    again = list(parallel.score_all(found, None, 2, store, HeadlineOutcome))
    assert [(o.path, o.headline, o.problems) for o in again] == [
        (o.path, o.headline, o.problems) for o in first
    ]


def test_a_headline_only_outcome_leaves_its_scorecard_in_the_worker(local: Path) -> None:
    scored = score_file(local, "x")
    sent = encode(scored, tree=False)
    assert len(sent) < len(encode(scored)) // 4
    received = decode(sent, HeadlineOutcome)
    assert received.headline == scored.headline and received.problems == scored.problems
    assert type(received) is HeadlineOutcome  # no scorecard to ask for, never a silent None
    with pytest.raises(ValueError):
        decode(sent, FileOutcome)


def test_a_headline_only_read_checks_the_header_alone_and_a_tree_read_checks_both(
    local: Path, store: ResultCache, scorer: Counting
) -> None:
    first = score_cached(local, str(local), None, store, FileOutcome)
    entry = entry_file(store, local)
    entry.write_bytes(_tamper_total(entry.read_bytes()))  # the scorecard's digest now fails
    hit = score_cached(local, str(local), None, store, HeadlineOutcome)
    assert scorer.calls == 1 and hit.headline == first.headline
    assert type(hit) is HeadlineOutcome  # not brought along: never the tampered body
    assert score_cached(local, str(local), None, store, FileOutcome) == first
    assert scorer.calls == 2  # the tree was needed: rescored
