"""jieba's dictionary as a compact table: frequencies, tags and the best cut, without jieba.

``parse`` needs jieba's dictionary for three small things: how frequent a word
is, its part of speech, and where jieba's best cut (its dictionary, no HMM)
puts the boundaries of a few characters.  jieba itself holds its dictionary as
a Python dict of half a million words and prefixes (about 75 MB, a second to
load from its cache) and its tags as a second dict (about 50 MB, read from
``dict.txt`` when ``jieba.posseg`` is imported).  This module keeps the same
facts as one string per first character, about 10 MB, read from a cache file
in a few hundredths of a second.

The table is exported from jieba itself: the tokenizer of ``segment.py``
(jieba's dictionary with the quantity lexicon added by ``add_word``) gives the
words and frequencies, ``dict.txt`` the tags.  So ``freq``, ``tag`` and
``cut_ends`` agree with ``jieba_tokenizer().FREQ``, ``jieba.posseg``'s table
and ``jieba_tokenizer().cut(text, HMM=False)`` (the tests compare them).  The
cache file sits in ``segment.cache_dir()`` and its name holds a digest of
jieba's version, its dictionary file and the quantity lexicon, so a new jieba
or a rule pack with new units gets a new table.  Without a cache directory
the table is exported in memory in each process.

>>> table = word_table()
>>> table.freq("长江") > 0, table.tag("长江")
(True, 'ns')
>>> ends = table.cut_ends("完成长沙机场")
>>> ends
[0, 2, 4, 6]
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable
from math import log
from pathlib import Path
from typing import BinaryIO, overload

__all__ = ["WordTable", "accurate_ends", "build_word_table", "word_table"]

# jieba's patterns for the accurate cut (jieba.re_han_default, re_skip_default, re_eng)
_HAN_CLASS = "[\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]"  # what jieba's runs of Chinese, letters and digits hold
_HAN = re.compile(f"({_HAN_CLASS}+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile(r"[a-zA-Z0-9]")
_HAN_CHAR = re.compile(_HAN_CLASS)  # one character of such a run
_FORMAT = 2  # the layout of the cache file; raise it when the layout changes
_MEMO_LIMIT = 50_000  # strings remembered after a lookup, before the memo starts afresh (about 8 MB when full)
_NOTHING: tuple[int, str | None, bool] = (0, None, False)
_PREFIX: tuple[int, str | None, bool] = (0, None, True)


class WordTable:
    """jieba's words, each with its frequency and tag, grouped by first character.

    ``buckets[c]`` is ``(entries, seconds, starts)``: ``entries`` is
    ``"\n" + "".join(f"{word}\t{freq}\t{tag}\n")`` over the words opening with ``c``,
    sorted; ``seconds`` the distinct second characters of those words in order, and
    ``starts[i]`` where the words with the second character ``seconds[i]`` begin in
    ``entries`` (at their ``"\n"``), so a lookup searches a few dozen characters.
    ``total`` is the sum of the frequencies (jieba's ``total``), which the best cut
    divides by.
    """

    __slots__ = ("_buckets", "_logtotal", "_memo", "total")

    def __init__(self, buckets: dict[str, tuple[str, str, tuple[int, ...]]], total: int) -> None:
        if not isinstance(buckets, dict) or not isinstance(total, int) or total <= 0:
            raise ValueError("a word table takes a dict of buckets and a positive total")
        self._buckets = buckets
        self.total = total
        self._logtotal = log(total)
        self._memo: dict[str, tuple[int, str | None, bool]] = {}

    def __len__(self) -> int:
        return sum(b[0].count("\n") - 1 for b in self._buckets.values())

    def _entry(self, word: str) -> tuple[int, str | None, bool]:
        """``(frequency, tag, opens)`` of ``word``: ``opens`` says whether some word
        starts with it (jieba's prefix entries); ``(0, None, False)`` for a string no
        word starts with.

        One ``find`` answers all three: entries are sorted and a tab sorts before
        every character of a word, so the first entry that starts with ``word`` is
        ``word`` itself when it is a word.  Every answer is remembered (the entity
        layer asks about the same few characters around each candidate again and
        again), up to ``_MEMO_LIMIT`` strings, when the memo starts afresh."""
        memo = self._memo
        hit = memo.get(word)
        if hit is not None:
            return hit
        hit = _NOTHING
        # the entries' separators are no characters of a word: searched for, they would match
        # across an entry's fields (壤塘 + tab + a digit read as the frequency)
        bucket = self._buckets.get(word[0]) if word and "\t" not in word and "\n" not in word else None
        if bucket is not None:
            b, seconds, starts = bucket
            if len(word) == 1:
                i = 0  # every entry opens with word[0]: the first one is the character itself, if a word
            else:
                k = seconds.find(word[1])
                i = -1 if k < 0 else b.find("\n" + word, starts[k], starts[k + 1] if k + 1 < len(starts) else len(b))
            if i >= 0:
                j = i + len(word) + 1
                if b[j] == "\t":
                    k = b.index("\t", j + 1)
                    tag = b[k + 1 : b.index("\n", k)]  # one object per tag in the memo: a few dozen
                    hit = (int(b[j + 1 : k]), sys.intern(tag) if tag else None, True)
                else:
                    hit = _PREFIX
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[word] = hit
        return hit

    def freq(self, word: str) -> int:
        """jieba's frequency of ``word``; 0 when it is no word of the dictionary."""
        hit = self._memo.get(word)  # the memo first, without a second call: most lookups are answered there
        return (self._entry(word) if hit is None else hit)[0]

    @overload
    def tag(self, word: str) -> str | None: ...
    @overload
    def tag(self, word: str, default: str) -> str: ...
    def tag(self, word: str, default: str | None = None) -> str | None:
        """jieba's part of speech of ``word`` (``ns``, ``v`` ...), else ``default``."""
        hit = self._memo.get(word)
        return (self._entry(word) if hit is None else hit)[1] or default

    def opens_word(self, frag: str) -> bool:
        """Whether some word of the dictionary starts with ``frag`` (jieba's prefix entries)."""
        return self._entry(frag)[2]

    def cut_ends(self, text: str) -> list[int]:
        """The word boundaries of ``jieba.cut(text, HMM=False)`` with this dictionary,
        from 0 to ``len(text)``."""
        return accurate_ends(text, self._block_ends)

    def cuts_at(self, text: str, p: int, span: int = 8) -> bool:
        """Whether ``p`` is a word boundary of ``cut_ends(text[p - span : p + span])`` (the window
        clipped to the text), for ``0 < p < len(text)``.

        Next to a mark or a space (any character outside jieba's runs of Chinese, letters and
        digits) there is a boundary, since each is a word of its own, except inside a ``\\r\\n``
        pair, which is one word.  Between two Chinese characters only the run of Chinese,
        letters and digits around ``p`` inside the window matters (the cut treats each run
        alone), and the best cut has a boundary wherever no word of the dictionary in that run
        goes over ``p``.  So the words starting before ``p`` are walked first (a few lookups,
        remembered); where one goes over ``p``, the run is cut."""
        q, r = max(0, p - span), min(len(text), p + span)
        before, at = text[p - 1], text[p]
        if not ("\u4e00" <= before <= "\u9fd5" and "\u4e00" <= at <= "\u9fd5"):
            if _HAN_CHAR.match(before) is None or _HAN_CHAR.match(at) is None:
                return before + at != "\r\n"  # a mark or a space is a word; a \r\n pair is one word
            return p - q in self.cut_ends(text[q:r])  # letters and digits: jieba's rules for them
        lo = p - 1
        while lo > q and _HAN_CHAR.match(text, lo - 1):
            lo -= 1
        hi = p + 1
        while hi < r and _HAN_CHAR.match(text, hi):
            hi += 1
        memo, entry = self._memo, self._entry
        for a in range(p - 1, lo - 1, -1):
            for b in range(a + 1, hi + 1):
                frag = text[a:b]
                hit = memo.get(frag)
                f, _tag, opens = entry(frag) if hit is None else hit
                if not opens:
                    break
                if f and b > p:  # a word goes over p: the run's best cut decides
                    ends: list[int] = []
                    self._block_ends(text[lo:hi], lo, ends)
                    return p in ends
        return True

    def _block_ends(self, s: str, offset: int, ends: list[int]) -> None:
        n = len(s)
        entry, logtotal = self._entry, self._logtotal
        best = [0.0] * (n + 1)
        to = [0] * (n + 1)
        for i in range(n - 1, -1, -1):
            # jieba's DAG: the words starting at i, found while the fragment opens a word
            top, arg = None, i
            j = i + 1
            while j <= n:
                f, _tag, opens = entry(s[i:j])
                if not opens:
                    break
                if f:
                    score = log(f) - logtotal + best[j]
                    if top is None or score >= top:  # max((score, end)): a tie goes to the longer word
                        top, arg = score, j - 1
                j += 1
            if top is None:  # no word: the character alone, at frequency 1
                top, arg = log(entry(s[i])[0] or 1) - logtotal + best[i + 1], i
            best[i] = top
            to[i] = arg + 1
        x = 0
        eng = False
        while x < n:
            y = to[x]
            single_eng = y - x == 1 and _ENG.match(s[x]) is not None
            if single_eng:  # jieba joins single letters and digits into one word
                eng = True
            else:
                if eng:
                    ends.append(offset + x)
                    eng = False
                ends.append(offset + y)
            x = y
        if eng:
            ends.append(offset + n)


def accurate_ends(text: str, cut_block: Callable[[str, int, list[int]], None]) -> list[int]:
    """The word boundaries of jieba's accurate mode, from 0 to ``len(text)``: runs of
    Chinese, letters and digits go to ``cut_block(run, offset, ends)``, which appends the
    ends of its words; whitespace is a word of its own and every other character too."""
    ends = [0]
    pos = 0
    for k, blk in enumerate(_HAN.split(text)):
        if not blk:
            continue
        if k % 2:
            cut_block(blk, pos, ends)
        else:
            p = pos
            for piece in _SKIP.split(blk):
                if not piece:
                    continue
                if _SKIP.fullmatch(piece):
                    p += len(piece)
                    ends.append(p)
                else:
                    ends.extend(range(p + 1, p + len(piece) + 1))
                    p += len(piece)
        pos += len(blk)
    return ends


def _dict_file() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("cnreport needs jieba: pip install jieba")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _key(words: tuple[str, ...]) -> str:
    """A digest of what the table depends on: jieba's dictionary file and the added words."""
    path = _dict_file()
    st = path.stat()
    h = hashlib.sha256(f"{_FORMAT}\0{path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    h.update("\n".join(words).encode("utf-8"))
    return h.hexdigest()[:20]


def build_word_table(words: tuple[str, ...] = ()) -> WordTable:
    """Export jieba's dictionary with ``words`` added (as ``Tokenizer.add_word`` adds them,
    in this order) and the tags of ``dict.txt`` into a ``WordTable``."""
    import jieba

    tk = jieba.Tokenizer()
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)  # jieba announces its dictionary loading at DEBUG level
    try:
        tk.FREQ, tk.total = tk.gen_pfdict(tk.get_dict_file())
        tk.initialized = True
        for word in words:
            tk.add_word(word)
    finally:
        logger.setLevel(level)
    tags: dict[str, str] = {}
    with open(_dict_file(), encoding="utf-8") as f:  # jieba.posseg reads its tags the same way
        for line in f:
            parts = line.strip().split(" ")
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    rows: dict[str, list[str]] = {}
    for word, n in tk.FREQ.items():
        tag = tags.get(word)
        if n or tag is not None:
            rows.setdefault(word[0], []).append(f"{word}\t{n}\t{tag or ''}\n")
    buckets: dict[str, tuple[str, str, tuple[int, ...]]] = {}
    for c, r in rows.items():
        r.sort()
        seconds: list[str] = []
        starts: list[int] = []
        entries, at = "\n" + "".join(r), 0
        for row in r:
            if len(row) > 1 and row[1] != "\t" and (not seconds or seconds[-1] != row[1]):
                seconds.append(row[1])
                starts.append(at)
            at += len(row)
        buckets[c] = (entries, "".join(seconds), tuple(starts))
    return WordTable(buckets, int(tk.total))


def word_table(words: tuple[str, ...] = (), folder: Path | None = None) -> WordTable:
    """The table for ``words`` added to jieba's dictionary, read from ``folder``'s cache
    file when it is there and valid, else exported and (with a ``folder``) cached."""
    if folder is None:
        return build_word_table(words)
    path = folder / f"words-{_key(words)}.marshal"
    try:
        with open(path, "rb") as f:
            fmt, total, buckets = marshal.load(f)
        if fmt == _FORMAT:
            return WordTable(buckets, total)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing or damaged: export it again
    table = build_word_table(words)
    write_cache_file(path, lambda f: marshal.dump((_FORMAT, table.total, table._buckets), f))
    return table


# how many cache files of one kind (``words-``, ``automaton-``) a cache directory keeps
KEEP_FILES = 4


def write_cache_file(path: Path, dump: Callable[[BinaryIO], object]) -> None:
    """Write a cache file whole or not at all: ``dump`` writes a temporary file beside
    ``path``, which then replaces it (readers in other processes never see half a file).
    A cache that cannot be written is no cache: errors of the file system are ignored.
    Of the files of the same kind (the name up to its first ``-``, the same suffix) the
    ``KEEP_FILES`` newest stay: a new jieba or rule pack does not pile up old tables."""
    kind = path.name.split("-")[0] + "-"
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=kind, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                dump(f)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
    try:
        same = [p for p in path.parent.glob(f"{kind}*{path.suffix}") if p.is_file()]
        same.sort(key=lambda p: (p == path, p.stat().st_mtime), reverse=True)
        for old in same[KEEP_FILES:]:
            old.unlink()
    except OSError:
        pass  # another process may be removing the same files
