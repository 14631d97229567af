"""Values built on first use, once per process, however many threads ask at the same time.

``functools.cache`` lets every thread that arrives before the first build has finished build the
value again: eight threads starting on a cold process built the rules, the automata and the model
eight times over (about three times the memory of one).  ``once`` builds under one lock shared by
every lazily built value of the package, re-entrant so that one build may ask for another, and
single so that two builds waiting on each other cannot deadlock.  Reading a value that is built
takes no lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, ParamSpec, TypeVar

__all__ = ["BUILD_LOCK", "Once", "once"]

BUILD_LOCK = threading.RLock()

# a process forked while another thread builds would inherit the lock held by a thread it does not
# have, and wait for it forever: fork waits for the build to finish, and the child starts free
if hasattr(os, "register_at_fork"):  # pragma: no branch (not on Windows)
    os.register_at_fork(
        before=BUILD_LOCK.acquire, after_in_parent=BUILD_LOCK.release, after_in_child=BUILD_LOCK.release
    )

_P = ParamSpec("_P")
_R = TypeVar("_R")


class Once(Generic[_P, _R]):
    """``build(*args)`` computed once per distinct arguments (hashable) and kept."""

    def __init__(self, build: Callable[_P, _R], name: str | None = None) -> None:
        """``name``: the module attribute that holds this value, when it is not ``build``'s own name."""
        self._build = build
        self._values: dict[Hashable, _R] = {}
        self.__wrapped__ = build
        self.__doc__ = build.__doc__
        self._ref: str = name or str(getattr(build, "__qualname__", getattr(build, "__name__", "once")))
        self.__name__ = self.__qualname__ = self._ref
        self.__module__ = build.__module__

    def __reduce__(self) -> str:
        return self._ref  # pickled by reference, as a module's function is

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        key: Any = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            return self._values[key]
        except KeyError:
            pass
        with BUILD_LOCK:
            if key not in self._values:
                self._values[key] = self._build(*args, **kwargs)
            return self._values[key]

    def cache_clear(self) -> None:
        """Forget every value: the next call builds it again (for tests and rule packs)."""
        with BUILD_LOCK:
            self._values.clear()


def once(build: Callable[_P, _R]) -> Once[_P, _R]:
    """Decorator: ``build`` runs once per process for each distinct arguments."""
    return Once(build)
