"""The result cache: a hit reproduces the outcome exactly; a change to the submission, the
rubric or perfeval's version is a miss; a corrupted, foreign or tampered entry is never
trusted — the file is scored again and the entry rewritten."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import perfeval
from perfeval.load import sources
from perfeval.run import cache, codec
from perfeval.run.cache import ResultCache, entry_key, score_cached
from perfeval.run.codec import decode, encode
from perfeval.run.outcome import FileOutcome, HeadlineOutcome
from perfeval.run.score import Read, score_file


class Counting:
    """`score_file`, counting how often the cache had to fall back to it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(
        self, path: Path, display: str, rubric: str | None = None, read: Read | None = None
    ) -> FileOutcome:
        self.calls += 1
        return score_file(path, display, rubric, read)


@pytest.fixture
def scorer(monkeypatch: pytest.MonkeyPatch) -> Counting:
    counting = Counting()
    monkeypatch.setattr(cache, "score_file", counting)
    return counting


SECRET = b"k" * 64


@pytest.fixture
def store(tmp_path: Path) -> ResultCache:
    return ResultCache(tmp_path / "cache", SECRET)


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
    key = entry_key(hashlib.sha256(path.read_bytes()).hexdigest(), path, str(path), None)
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


def resign(store: ResultCache, header: dict[str, object], payload: bytes) -> None:
    """Tags that match the payload under the store's own secret: what only perfeval (or
    someone holding the secret) can write; the entry's shape is still checked."""
    head, _, body = payload.partition(b"\n")
    key = str(header["key"])
    header["head_mac"] = store._head_tag(key, header["rubric"], head)
    header["body_mac"] = cache._tag(store.secret, b"body", key.encode(), body)


def redigest(header: dict[str, object], payload: bytes) -> None:
    """What a forger who knows the entry format but not the secret writes: sha256 digests
    of the payload where the tags were, and the tags left as they were."""
    head, _, body = payload.partition(b"\n")
    header["head_sha256"] = hashlib.sha256(head).hexdigest()
    header["body_sha256"] = hashlib.sha256(body).hexdigest()


def _tamper_total(raw: bytes) -> bytes:
    return raw.replace(b'"total":"99.0"', b'"total":"100.0"', 1)


def _tamper_and_fix_digest(raw: bytes) -> bytes:
    head, _, payload = raw.partition(b"\n")
    header = json.loads(head)
    payload = _tamper_total(payload)
    header["body_mac"] = hashlib.sha256(payload.partition(b"\n")[2]).hexdigest()
    return json.dumps(header).encode() + b"\n" + payload


def _forged_with_sha256_digests(raw: bytes) -> bytes:
    """Issue 12's forgery: 89 良 edited to 100 优, every digest recomputed (sha256)."""
    head, _, payload = raw.partition(b"\n")
    header = json.loads(head)
    payload = _tamper_total(payload)
    redigest(header, payload)
    header["head_mac"] = header["head_sha256"]
    header["body_mac"] = header["body_sha256"]
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
        _forged_with_sha256_digests,
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
    resign(store, header, payload)
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
    store = ResultCache(blocker, SECRET)
    assert score_cached(local, str(local), None, store, FileOutcome).scorecard is not None
    assert score_cached(local, str(local), None, store, FileOutcome).scorecard is not None
    assert scorer.calls == 2


def test_the_codec_keeps_every_field_of_an_outcome(local: Path) -> None:
    import dataclasses

    kept = {f.name for f in dataclasses.fields(FileOutcome)} - {"gate_findings"}
    assert kept == set(codec.CODED_FIELDS)
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
    resign(store, header, payload)
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
    resign(store, header, forged)
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

    from perfeval.run import parallel, workers
    from perfeval.run.discover import discover

    for index in range(5):
        shutil.copyfile(local, local.parent / f"copy-{index}.yaml")
    found = discover([str(local.parent)])
    first = list(parallel.score_all(found, None, 2, store, FileOutcome))

    def no_worker(self: object) -> None:
        raise AssertionError("a warm batch started worker processes")

    monkeypatch.setattr(workers.WorkerPool, "_start", no_worker)
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


def test_a_file_edited_while_scored_is_stored_under_the_key_of_the_bytes_scored(
    local: Path, store: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read once: an edit made after that read changes neither what is scored
    nor the key it is stored under, and the edited bytes are a miss."""
    before = local.read_bytes()
    edited = before.replace(b"executed: 3089.8", b"executed: 100")

    def edit_then_score(
        path: Path, display: str, rubric: str | None = None, read: Read | None = None
    ) -> FileOutcome:
        local.write_bytes(edited)  # the department saves while perfeval works
        return score_file(path, display, rubric, read)

    monkeypatch.setattr(cache, "score_file", edit_then_score)
    outcome = score_cached(local, str(local), None, store, FileOutcome)
    assert outcome.scorecard is not None and outcome.scorecard.total == 99  # the bytes read
    old_key = entry_key(hashlib.sha256(before).hexdigest(), local, str(local), None)
    assert store.entry_path(old_key).exists()
    assert not entry_file(store, local).exists()  # nothing under the edited bytes' key
    monkeypatch.setattr(cache, "score_file", score_file)
    again = score_cached(local, str(local), None, store, FileOutcome)
    assert again.scorecard is not None and again.scorecard.total != 99


def test_a_file_is_read_once_on_a_miss_and_once_on_a_hit(
    local: Path, store: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfeval.load import document, files

    reads: list[str] = []
    real = files.read_input

    def counted(path: Path, display: str, limit: int = files.MAX_BYTES) -> bytes:
        reads.append(display)
        return real(path, display, limit)

    for module in (files, sources, document):
        monkeypatch.setattr(module, "read_input", counted)
    score_cached(local, str(local), None, store, FileOutcome)
    assert reads.count(str(local)) == 1
    score_cached(local, str(local), None, store, FileOutcome)
    assert reads.count(str(local)) == 2


def test_a_cache_written_under_another_secret_is_never_served(
    local: Path, store: ResultCache, scorer: Counting
) -> None:
    """A CI cache restored from an untrusted branch: entries made with a secret this run
    does not hold — even genuine ones — are misses, rescored and rewritten."""
    other = ResultCache(store.root, b"another branch's secret, 32 bytes+")
    score_cached(local, str(local), None, other, FileOutcome)
    entry = entry_file(store, local)
    assert entry.exists()
    score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2
    score_cached(local, str(local), None, store, FileOutcome)
    assert scorer.calls == 2  # rewritten under this run's secret


def test_the_secret_is_created_once_0600_outside_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import stat

    from perfeval.run import cache_home

    monkeypatch.delenv(cache_home.KEY_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache_home.cache_secret.cache_clear()
    try:
        secret = cache_home.cache_secret()
        where = cache_home.key_file()
        assert secret is not None and len(secret) == 64
        assert where.is_relative_to(tmp_path / "data")
        assert not where.is_relative_to(cache_home.default_cache_dir())
        assert stat.S_IMODE(where.stat().st_mode) == 0o600
        cache_home.cache_secret.cache_clear()
        assert cache_home.cache_secret() == secret  # kept, not made again
        os.chmod(where, 0o644)  # noqa: PTH101  # readable by others: not a secret
        cache_home.cache_secret.cache_clear()
        assert cache_home.cache_secret() is None
        monkeypatch.setenv(cache_home.KEY_VARIABLE, "ci-secret-from-the-vault")
        cache_home.cache_secret.cache_clear()
        assert cache_home.cache_secret() == b"ci-secret-from-the-vault"
    finally:
        cache_home.cache_secret.cache_clear()


def test_the_cache_is_pruned_oldest_first_to_its_bound(
    local: Path, store: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from perfeval.run import cache_home

    for index in range(6):
        copy = local.parent / f"copy-{index}.yaml"
        copy.write_bytes(local.read_bytes() + f"# {index}\n".encode())
        score_cached(copy, str(copy), None, store, FileOutcome)
        os.utime(entry_file(store, copy), (1000 + index, 1000 + index))
    size = cache_home.usage(store.root).size
    assert cache_home.usage(store.root).entries == 6
    assert cache_home.prune(store.root, written=1, limit=size * 2 // 3) == 3  # to ≤ 9/10 of it
    kept = [entry_file(store, local.parent / f"copy-{i}.yaml").exists() for i in range(6)]
    assert kept == [False, False, False, True, True, True]  # the oldest went
    assert cache_home.prune(store.root, written=1, limit=size * 2 // 3) == 0  # not due again
    assert cache_home.clear(store.root).entries == 3
    assert cache_home.usage(store.root).entries == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cache_info_and_clear_say_where_how_much_and_how_it_is_keyed(
    seed: Path, tmp_path: Path, lang: str
) -> None:
    from typer.testing import CliRunner

    from perfeval.cli.app import app
    from perfeval.run.cache_home import key_file

    folder = tmp_path / "cache"
    runner = CliRunner()
    scored = runner.invoke(app, ["score", str(seed), "--cache-dir", str(folder), "-f", "csv"])
    assert scored.exit_code == 0
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(folder), "--lang", lang])
    assert info.exit_code == 0
    assert str(folder) in info.stdout and str(key_file()) in info.stdout
    assert ("1 个" if lang == "zh" else "Entries: 1,") in info.stdout
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(folder), "--lang", lang])
    assert cleared.exit_code == 0 and str(folder) in cleared.stdout
    assert ("删除 1 个" if lang == "zh" else "Removed 1 entries") in cleared.stdout
    again = runner.invoke(app, ["cache", "info", "--cache-dir", str(folder), "--lang", lang])
    assert ("0 个" if lang == "zh" else "Entries: 0,") in again.stdout
