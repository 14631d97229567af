"""Many reports at once: ``parse_many``, and reading report files whatever their encoding.

``parse_many(texts)`` yields one result per text, in input order: a ``Report``,
or a ``Failure`` for a document that could not be parsed.  With ``n_process >
1`` the texts are parsed in worker processes, each of which loads the rules
once when it starts; a worker that dies takes no document with it.

>>> import cnreport
>>> results = list(cnreport.parse_many(["新增企业8家。", b"bytes", "完成投资1.2亿元。"], doc_ids=["a", "b", "c"]))
>>> [r.doc_id for r in results]
['a', 'b', 'c']
>>> [q.text for q in results[2].quantities]
['1.2亿元']
>>> results[1].error, results[1].message[:30]
('TypeError', 'text must be str, got bytes: d')

``decode(data)`` turns the bytes of a report into text: UTF-8 (with or without
a BOM), UTF-16 or UTF-32 with a BOM, UTF-16 without one, GB18030 (and so GBK
and GB2312) or Big5; when none fits it raises ``ReadError`` rather than guess.

>>> decode("新增企业8家".encode("gbk"))
('新增企业8家', 'gb18030')
"""

from __future__ import annotations

import codecs
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from .report import _check_gazetteer, _check_reference, parse
from .types import Report, _Record

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Failure",
    "ReadError",
    "decode",
    "find_reports",
    "parse_many",
    "read_bytes",
    "read_text",
]

DEFAULT_MAX_BYTES = 32_000_000
"""Inputs larger than this (32 MB, some 10 million Chinese characters: the size parse keeps within about 300 MB of
memory, docs/performance.md) are refused unless a larger limit is given."""


@dataclass(frozen=True, slots=True)
class Failure(_Record):
    """A document that could not be parsed, in its place among the results.

    ``index`` is its position in the input, ``error`` the exception's class
    name and ``message`` what it said.
    """

    index: int
    doc_id: str | None
    error: str
    message: str


Result = Report | Failure


# ---------------------------------------------------------------------------
# parse_many

_Options = tuple[date | None, dict[str, tuple[str, ...]] | None]
_Item = tuple[int, str | None, "str | Failure", date | None]

_worker_options: _Options = (None, None)

_WARM_UP = "一、上半年工作情况\n2021年1-6月，新签约项目3个，完成投资1.2亿元，同比增长8%。"


def _parse_one(item: _Item, options: _Options) -> Result:
    index, doc_id, text, reference = item
    if isinstance(text, Failure):
        return text
    try:
        return parse(text, reference_date=reference or options[0], gazetteer=options[1], doc_id=doc_id)
    except Exception as exc:
        return Failure(index, doc_id, type(exc).__name__, str(exc))


def _init_worker(options: _Options) -> None:
    """Runs once in each worker process: keep the options and load every rule now.

    Ctrl-C is left to the parent, which stops the pool; workers ignore it rather than
    each printing a traceback."""
    global _worker_options
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_options = options
    parse(_WARM_UP, gazetteer=options[1])


def _parse_batch(items: list[_Item]) -> list[Result]:
    return [_parse_one(item, _worker_options) for item in items]


_END = object()


class _Columns:
    """The columns read alongside the texts (``doc_ids``, ``reference_dates``), and whether
    each held a value for every text: a column that runs out leaves the remaining reports
    without a value, and ``check`` says so once every report has been given.  An iterator
    that holds more values than texts is left unread (ids from ``itertools.count()``)."""

    def __init__(self, columns: Mapping[str, Iterable[object] | None]) -> None:
        self.values = {name: iter(v) for name, v in columns.items() if v is not None}
        self.ended: dict[str, int] = {}
        self.texts = 0

    def next(self, name: str, index: int) -> object:
        values = self.values.get(name)
        if values is None or name in self.ended:
            return None
        value = next(values, _END)
        if value is _END:
            self.ended[name] = index
            return None
        return value

    def check(self) -> None:
        wrong = [f"{name} ran out after {_many(n, 'value')}" for name, n in self.ended.items()]
        if wrong:
            raise ValueError(
                f"{' and '.join(wrong)} ({_many(self.texts, 'text')}): give one value per text; "
                "every text was parsed, those past the end of a column without its value"
            )


def _many(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _same_lengths(texts: Iterable[object], columns: Mapping[str, Iterable[object] | None]) -> None:
    """Refuse columns whose length is known and differs from the texts' before anything is parsed."""
    if not hasattr(texts, "__len__"):
        return
    n = len(texts)  # type: ignore[arg-type]
    for name, values in columns.items():
        if values is not None and hasattr(values, "__len__") and len(values) != n:  # type: ignore[arg-type]
            got = _many(len(values), "value")  # type: ignore[arg-type]
            raise ValueError(f"{name} must hold one value per text: {got} for {_many(n, 'text')}")


def _items(texts: Iterable[object], columns: _Columns) -> Iterator[_Item]:
    """Each text with its position, its doc_id and its reference date; a text that is no ``str``,
    or whose doc_id or reference date is of the wrong type, is a ``Failure`` in its place."""
    for index, text in enumerate(texts):
        columns.texts = index + 1
        doc_id = columns.next("doc_ids", index)
        problem = ""
        if doc_id is not None and not isinstance(doc_id, str):
            problem = f"doc_ids must hold str or None, got {type(doc_id).__name__} at position {index}"
            doc_id = None
        try:
            reference = _check_reference(columns.next("reference_dates", index))
        except TypeError as exc:
            problem = problem or f"reference_dates at position {index}: {exc}"
            reference = None
        if problem:
            yield index, doc_id, Failure(index, doc_id, "TypeError", problem), reference
        elif isinstance(text, str):
            yield index, doc_id, text, reference
        else:
            hint = ": decode it first, e.g. data.decode('utf-8')" if isinstance(text, bytes | bytearray) else ""
            message = f"text must be str, got {type(text).__name__}{hint}"
            yield index, doc_id, Failure(index, doc_id, "TypeError", message), reference


def _checked(results: Iterator[Result], columns: _Columns) -> Iterator[Result]:
    yield from results
    columns.check()


def _batches(items: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    while batch := list(islice(items, size)):
        yield batch


class _Pool:
    """A process pool that is rebuilt when a worker dies, so no document is lost with it."""

    def __init__(self, n_process: int, options: _Options) -> None:
        self.n_process = n_process
        self.options = options
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.n_process,
            mp_context=multiprocessing.get_context(),
            initializer=_init_worker,
            initargs=(self.options,),
        )

    def submit(self, batch: list[_Item]) -> Future[list[Result]]:
        try:
            return self.executor.submit(_parse_batch, batch)
        except BrokenProcessPool:
            self.renew()
            return self.executor.submit(_parse_batch, batch)

    def renew(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def collect(self, batch: list[_Item], future: Future[list[Result]]) -> list[Result]:
        try:
            return future.result()
        except Exception:
            pass
        # The batch did not come back (a worker died, or a result could not be sent):
        # retry its documents one at a time so that only the culprit fails.
        if isinstance(future.exception(), BrokenProcessPool):
            self.renew()
        out: list[Result] = []
        for item in batch:
            index, doc_id = item[0], item[1]
            try:
                out.extend(self.submit([item]).result())
            except BrokenProcessPool:
                self.renew()
                message = "the worker process parsing this document died (out of memory, or killed)"
                out.append(Failure(index, doc_id, "BrokenProcessPool", message))
            except Exception as exc:
                out.append(Failure(index, doc_id, type(exc).__name__, str(exc)))
        return out

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _in_processes(batches: Iterator[list[_Item]], n_process: int, options: _Options) -> Iterator[Result]:
    if multiprocessing.get_start_method() == "fork":
        # Build the rules here once: forked workers inherit them instead of each building its
        # own, and a rule pack left out is reported once, by this process.
        _parse_one((0, None, _WARM_UP, None), options)
    pool = _Pool(n_process, options)
    pending: deque[tuple[list[_Item], Future[list[Result]]]] = deque()
    try:
        try:
            for batch in batches:
                pending.append((batch, pool.submit(batch)))
                while len(pending) >= 2 * n_process:
                    yield from pool.collect(*pending.popleft())
        except Exception:
            # reading the input raised (a generator of the caller's): give what was sent first
            while pending:
                yield from pool.collect(*pending.popleft())
            raise
        while pending:
            yield from pool.collect(*pending.popleft())
    finally:
        pool.close()


def _in_process(items: Iterator[_Item], options: _Options) -> Iterator[Result]:
    for item in items:
        yield _parse_one(item, options)


def parse_many(
    texts: Iterable[str],
    *,
    n_process: int = 1,
    batch_size: int = 8,
    reference_date: date | None = None,
    gazetteer: Mapping[str, Iterable[str]] | None = None,
    doc_ids: Iterable[str | None] | None = None,
    reference_dates: Iterable[date | None] | None = None,
) -> Iterator[Report | Failure]:
    """Parse many texts; yields one result per text, in input order.

    A result is a ``Report``, or a ``Failure`` for a text that could not be
    parsed (a value that is not a ``str``, or an error inside ``parse``).
    ``texts`` is consumed lazily, so a generator over a million files is
    fine.  ``n_process`` worker processes (``-1``: one per CPU) receive the
    texts in batches of ``batch_size``; each loads the rules once when it
    starts.  ``reference_date`` and ``gazetteer`` are as for ``parse``;
    ``doc_ids`` and ``reference_dates``, read alongside ``texts``, give each
    report its ``doc_id`` and its own reference date (``None`` falls back to
    ``reference_date``); they hold one value per text.  A list of the wrong
    length is refused before anything is parsed; an iterator that runs out
    raises ``ValueError`` once every text has been given (one that holds more
    values than texts is read no further).  A doc_id or
    reference date of the wrong type makes its own text a ``Failure``.
    """
    if not isinstance(n_process, int) or isinstance(n_process, bool) or not (n_process >= 1 or n_process == -1):
        raise ValueError(f"n_process must be a positive int or -1 (one per CPU), got {n_process!r}")
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if isinstance(texts, str | bytes):
        raise TypeError(f"texts must be an iterable of str (a list, a generator), got one {type(texts).__name__}")
    if not isinstance(texts, Iterable):
        raise TypeError(f"texts must be an iterable of str (a list, a generator), got {type(texts).__name__}")
    for name, values in (("doc_ids", doc_ids), ("reference_dates", reference_dates)):
        if isinstance(values, str | bytes) or not (values is None or isinstance(values, Iterable)):
            raise TypeError(f"{name} must be an iterable read alongside the texts, got {type(values).__name__}")
    options: _Options = (_check_reference(reference_date), _check_gazetteer(gazetteer))
    workers = (os.cpu_count() or 1) if n_process == -1 else n_process
    given = {"doc_ids": doc_ids, "reference_dates": reference_dates}
    _same_lengths(texts, given)
    columns = _Columns(given)
    items = _items(texts, columns)
    if workers == 1:
        return _checked(_in_process(items, options), columns)
    return _checked(_in_processes(_batches(items, batch_size), workers, options), columns)


# ---------------------------------------------------------------------------
# reading


class ReadError(Exception):
    """A report that cannot be read or decoded; the message says why and what to do."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _text_codec(name: str) -> str:
    """The codec ``name`` stands for, when it is one of text (raises ``LookupError`` otherwise:
    base64, rot13 and zlib are codecs, and no text encodings)."""
    info = codecs.lookup(name)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name!r} is not a text encoding")
    return info.name


def _common_simplified_share(text: str) -> float:
    """The share of non-ASCII characters that are in GB2312 (the 6,763 common simplified characters and
    punctuation): near 1 for mainland text, near 0.4 for Big5 bytes read as GB18030."""
    others = [c for c in text if ord(c) > 0x7F]
    if not others:
        return 1.0
    inside = 0
    for c in others:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        inside += 1
    return inside / len(others)


def _plain(c: str) -> bool:
    o = ord(c)
    return (
        0x20 <= o < 0x7F
        or c in "\t\n\r"
        or 0x4E00 <= o <= 0x9FFF  # CJK ideographs
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2000 <= o <= 0x206F  # general punctuation
    )


def _texty(text: str) -> bool:
    """Reads like a Chinese report: no NUL, and nearly all ASCII, CJK or their punctuation."""
    if not text or "\x00" in text:
        return False
    return sum(map(_plain, text)) >= 0.9 * len(text)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with.

    With ``encoding`` the bytes are decoded strictly with it (a UTF-8 BOM is
    dropped).  Otherwise: a byte order mark decides; then strict UTF-8; then
    UTF-16 without BOM when the bytes hold NULs; then GB18030 when the result
    is mostly common simplified characters; then GB18030 or Big5 as
    charset-normalizer judges them.  Bytes that fit none of these raise
    ``ReadError``: a report is never returned garbled.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    data = bytes(data)
    if encoding is not None:
        try:
            name = _text_codec(encoding)
        except LookupError:
            hint = "give a codec name such as utf-8, gb18030 or big5"
            raise ReadError(f"unknown encoding {encoding!r}: {hint}") from None
        if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
            name = "utf-8-sig"
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"not valid {encoding} (byte {exc.start}); leave out --encoding to detect it, or name the right one"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data, name)
            if text is None:
                raise ReadError(f"starts with a {name} byte order mark but is not valid {name}")
            return text, name
    if b"\x00" in data:
        for name in ("utf-16-le", "utf-16-be"):
            text = _strict(data, name)
            if text is not None and _texty(text):
                return text, name
        raise ReadError(
            "holds NUL bytes: binary data, not a text file (or name its encoding: --encoding, encoding= in Python)"
        )
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = _strict(data, "gb18030")
    if text is not None and _common_simplified_share(text) >= 0.9:
        return text, "gb18030"
    from charset_normalizer import from_bytes

    candidates = [name for name in ("gb18030", "big5") if _strict(data, name) is not None]
    best = from_bytes(data, cp_isolation=candidates).best() if candidates else None
    if best is not None and best.encoding in candidates:
        return data.decode(best.encoding), best.encoding
    raise ReadError(
        "cannot tell the encoding (not UTF-8, UTF-16, GB18030 or Big5); name it: --encoding, encoding= in Python"
    )


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing more than ``max_bytes`` (raises ``ReadError``).  A path is a
    ``str`` or an ``os.PathLike``: an int, which ``open`` would take for a file descriptor (a
    worker's own socket, say) and close, raises ``TypeError``."""
    if isinstance(path, bool | int) or not isinstance(path, str | bytes | os.PathLike):
        raise TypeError(f"path must be a str, bytes or os.PathLike, got {type(path).__name__}")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be an int, got {type(max_bytes).__name__}")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be 0 or more, got {max_bytes}")
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ReadError(f"larger than {max_bytes:,} bytes: split it, or raise the limit with --max-bytes")
    return data


def read_text(
    path: str | os.PathLike[str], *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, str]:
    """The text of the report at ``path`` and its encoding (see ``decode``); raises ``ReadError``."""
    return decode(read_bytes(path, max_bytes), encoding)


def find_reports(path: str | os.PathLike[str]) -> list[Path]:
    """``path`` itself, or every ``*.txt`` under it when it is a directory, sorted; a link
    that points nowhere is kept, so that reading it says so rather than leaving it out."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*.txt") if f.is_file() or (f.is_symlink() and not f.exists()))
    return [p]
