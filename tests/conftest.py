from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest

from cnreport import entities, loader, numbers, quantities, records, structure, times

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    # Worker processes (parse_many, spaCy's pipe) start from a clean server process instead of
    # as forks of this one, which by then holds threads of earlier tests (a Dask client's, the
    # tokenizer's thread tests): a fork taken while another thread holds a lock can hang.
    multiprocessing.set_start_method("forkserver", force=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The development set beside the repository; tests using it skip when it is absent."""
    if not (SHARED / "gold").is_dir() or not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (development set) is not present")
    return SHARED


def clear_rule_caches() -> None:
    """Forget every rule file read, every matcher built from them and every pack left out."""
    loader.forget_rules(left_out=True)
    loader.rule_files.cache_clear()
    loader.quantity_rules.cache_clear()
    quantities.default_matcher.cache_clear()
    numbers._scales.cache_clear()
    entities.modules.cache_clear()
    entities.shared_rules.cache_clear()
    entities.default_extractor.cache_clear()
    entities.core._extractor_for.cache_clear()
    records.record_rules.cache_clear()
    times.time_rules.cache_clear()
    structure.document_rules.cache_clear()


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A rule pack directory, as if an installed distribution declared it in the
    cnreport.rules entry-point group; the rules are read afresh with it and without it."""
    monkeypatch.setattr(loader, "_pack_dirs", lambda: [("test_pack", tmp_path)])
    clear_rule_caches()
    yield tmp_path
    monkeypatch.undo()
    clear_rule_caches()
