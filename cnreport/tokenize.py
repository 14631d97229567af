"""Words with true offsets: jieba by default, or one token per character.

The jieba dictionary is extended with the library's own lexicon (units,
measure words, scale words and their compounds such as 亿元, 万美元), and
token boundaries inside a quantity are removed, so ``61.52亿元`` is one token.
jieba's dictionary cache goes to a private per-user directory
(``$CNREPORT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cnreport``, else
``~/.cache/cnreport``), never to the shared temporary folder.

>>> [t.text for t in tokenize("完成投资61.52亿元")]
['完成', '投资', '61.52亿元']
"""

from __future__ import annotations

import itertools
import logging
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .loader import quantity_rules
from .normalize import normalize
from .types import Kind, Token

if TYPE_CHECKING:
    import jieba
    import jieba.posseg

__all__ = ["BACKENDS", "cache_dir", "jieba_pos_tokenizer", "jieba_tokenizer", "lexicon", "tokenize"]

BACKENDS = ("jieba", "char")


def cache_dir() -> Path:
    """The private cache directory of this user, created with mode 0700."""
    env = os.environ.get("CNREPORT_CACHE_DIR")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "cnreport"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.access(base, os.W_OK):
            return base
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="cnreport-"))


@cache
def lexicon() -> tuple[str, ...]:
    """Words the segmenter must know: units, measure and scale words, and money compounds."""
    rules = quantity_rules()
    words = {u.surface for u in rules.units if not u.surface.isascii()}
    scales = [w for w, _ in rules.scales]
    words.update(scales)
    for u in rules.units:
        if u.kind is not Kind.COUNT and not u.surface.isascii():
            words.update(s + u.surface for s in scales)
    words.update(q.word for q in rules.qualifiers if len(q.word) > 1)
    return tuple(sorted(w for w in words if len(w) > 1))


@cache
def jieba_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer with the library lexicon, its cache in ``cache_dir()`` (built once)."""
    import jieba

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(cache_dir())
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)  # jieba announces its dictionary loading at DEBUG level
    try:
        tk.initialize()
        for word in lexicon():
            tk.add_word(word)
    finally:
        logger.setLevel(level)
    return tk


@cache
def jieba_pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """A part-of-speech tagger over ``jieba_tokenizer()`` (built once)."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(jieba_tokenizer())


def _boundaries(text: str, backend: str) -> list[int]:
    if backend == "char":
        return list(range(len(text) + 1))
    tk = jieba_tokenizer()
    cuts = [0]
    for _word, _start, end in tk.tokenize(text):
        cuts.append(end)
    return cuts


def tokenize(text: str, *, backend: str = "jieba") -> tuple[Token, ...]:
    """The tokens of ``text``; whitespace is not a token.

    ``backend`` is ``"jieba"`` (default) or ``"char"``.  Offsets point into
    ``text``, and no token boundary falls inside a quantity.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    from .quantities import extract_quantities

    norm = normalize(text)
    cuts = set(_boundaries(norm.text, backend))
    for q in extract_quantities(norm):
        cuts.difference_update(range(q.start + 1, q.end))
        cuts.update((q.start, q.end))
    ordered = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in itertools.pairwise(ordered):
        piece = text[a:b]
        if piece.strip():
            out.append(Token(a, b, piece))
    return tuple(out)
