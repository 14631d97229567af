"""Values built once per process: under threads, across a fork, and by reference in a pickle."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
import threading

import pytest

from cnreport import loader, segment
from cnreport.entities import core
from cnreport.lazy import once


def test_one_build_per_argument_and_cache_clear() -> None:
    calls: list[str] = []

    @once
    def shout(word: str) -> str:
        calls.append(word)
        return word + "!"

    assert [shout("闸"), shout("渠"), shout("闸")] == ["闸!", "渠!", "闸!"]
    assert calls == ["闸", "渠"]
    shout.cache_clear()
    assert shout("闸") == "闸!" and calls == ["闸", "渠", "闸"]


def test_threads_that_ask_at_once_share_one_build() -> None:
    calls: list[int] = []
    barrier = threading.Barrier(8)

    @once
    def table() -> list[int]:
        calls.append(1)
        return [len(calls)]

    got: list[list[int]] = []

    def work() -> None:
        barrier.wait()
        got.append(table())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and all(g is got[0] for g in got)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_a_child_forked_during_a_build_builds_on_its_own() -> None:
    code = """
        import os, threading, time
        from cnreport.lazy import once
        started = threading.Event()

        @once
        def slow():
            started.set()
            time.sleep(1.0)
            return "slow"

        @once
        def other():
            return "other"

        t = threading.Thread(target=slow)
        t.start()
        started.wait()
        pid = os.fork()
        if pid == 0:
            print("child", other(), flush=True)
            os._exit(0)
        os.waitpid(pid, 0)
        t.join()
        print("parent", slow(), flush=True)
        """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["child", "other", "parent", "slow"]


def test_a_lazily_built_value_pickles_by_reference() -> None:
    for holder in (loader.quantity_rules, loader.rule_files, segment.lexicon, segment.word_table, core.default_extractor):
        assert pickle.loads(pickle.dumps(holder)) is holder
