from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The development set beside the repository; tests using it skip when it is absent."""
    if not (SHARED / "gold").is_dir() or not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (development set) is not present")
    return SHARED
