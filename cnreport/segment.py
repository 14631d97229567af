"""Segmenter backends: where a text's words end, with true offsets.

Three backends, chosen by name:

``"jieba"`` (default)
    jieba's dictionary and HMM, extended with the library's own lexicon (units,
    measure and scale words and their compounds such as 亿元, qualifiers,
    indicator names and gazetteer names, read from the rule files and from
    installed rule packs), so words do not cut through what the library
    extracts.  The cut is jieba's accurate mode, word for word, but its
    unknown-word HMM runs in linear time (jieba's own Viterbi copies its
    paths at every step and is quadratic on long runs such as ``年年年…``).
``"pkuseg"``
    spaCy's Chinese tokenizer with spacy-pkuseg and a model folder you give
    (``pkuseg_model=PATH`` or ``$CNREPORT_PKUSEG_MODEL``); nothing is downloaded.
``"char"``
    one word per character.

This module depends only on the rule loader: the result types, the
extractors and ``cnreport.tokenize`` sit above it.  Everything is built once
per process, on first use, under a lock, so threads that start together build
jieba's dictionary once.  jieba's dictionary cache goes to a private per-user
directory (``$CNREPORT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cnreport``, else
``~/.cache/cnreport``); when none can be made, nothing is cached and nothing is
written anywhere else.

>>> text = "规模以上工业总产值61.52亿元"
>>> ends = cuts(text)
>>> [text[a:b] for a, b in zip(ends, ends[1:])]
['规模以上工业总产值', '61.52', '亿元']
"""

from __future__ import annotations

import logging
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .lazy import Once
from .loader import entries, name_words, on_forget, quantity_rules, string_list, where
from .types import Kind

if TYPE_CHECKING:
    import jieba
    import jieba.posseg

    from .wordtable import WordTable

__all__ = [
    "PKUSEG_MODEL_ENV",
    "SEGMENTERS",
    "cache_dir",
    "cuts",
    "jieba_pos_tokenizer",
    "jieba_tokenizer",
    "lexicon",
    "lexicon_tokenizer",
    "pkuseg_tokenizer",
    "quantity_lexicon",
    "word_table",
]

SEGMENTERS = ("jieba", "pkuseg", "char")
PKUSEG_MODEL_ENV = "CNREPORT_PKUSEG_MODEL"

# ---------------------------------------------------------------------------
# the lexicon


def cache_dir() -> Path | None:
    """The private cache directory of this user (created with mode 0700), or None
    when it cannot be made or written: then nothing is cached."""
    env = os.environ.get("CNREPORT_CACHE_DIR")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "cnreport"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return base if base.is_dir() and os.access(base, os.W_OK | os.X_OK) else None


def _quantity_lexicon() -> tuple[str, ...]:
    """Words the segmenter must know to keep quantities apart: units, measure and
    scale words, scale-unit compounds (亿元, 万吨) and qualifiers."""
    rules = quantity_rules()
    words = {u.surface for u in rules.units if not u.surface.isascii()}
    scales = [w for w, _ in rules.scales]
    words.update(scales)
    for u in rules.units:
        if u.kind is not Kind.COUNT and not u.surface.isascii():
            words.update(s + u.surface for s in scales)
    words.update(q.word for q in rules.qualifiers if len(q.word) > 1)
    return tuple(sorted(w for w in words if len(w) > 1))


quantity_lexicon = Once(_quantity_lexicon, "quantity_lexicon")

# (rule file, table, key): the names the library extracts as one piece
_NAME_TABLES = (
    ("indicators.toml", "indicator", "names"),
    ("places.toml", "name", "words"),
    ("water.toml", "name", "words"),
)
# (shipped gazetteer, classes kept): divisions down to counties and the world's countries,
# rivers and lakes; towns stay out (a town's full name is rarely split anyway)
_GAZETTEERS = (("places.tsv", ("province", "city", "county", "country")), ("water.tsv", ()))


def _gazetteer_names() -> set[str]:
    from importlib import resources

    out: set[str] = set()
    for name, keep in _GAZETTEERS:
        f = resources.files("cnreport") / "entities" / "data" / name
        if not f.is_file():
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            word, _, cls = line.partition("\t")
            if (not keep or cls in keep) and len(word) >= 3:  # two-character names are too often other words
                out.add(word)
    return out


def _lexicon() -> tuple[str, ...]:
    """Every word the ``"jieba"`` backend adds to jieba's dictionary: the quantity
    lexicon, indicator names and gazetteer names (with those of rule packs)."""
    words = set(quantity_lexicon())
    for file, table, key in _NAME_TABLES:
        for source, i, entry in entries(file, table):
            at = where(source, table, i, entry)
            names = name_words(entry, at) if table == "name" else string_list(entry, key, at)
            words.update(n.strip() for n in names)
    words.update(_gazetteer_names())
    return tuple(sorted(w for w in words if len(w) > 1 and not any(c.isspace() for c in w)))


lexicon = Once(_lexicon, "lexicon")


# ---------------------------------------------------------------------------
# jieba


def _quiet_jieba() -> tuple[logging.Logger, int]:
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)  # jieba announces its dictionary loading at DEBUG level
    return logger, level


def _jieba_tokenizer() -> jieba.Tokenizer:
    """jieba's dictionary with the quantity lexicon (the boundary check of the entity
    rules), cached in ``cache_dir()`` when there is one."""
    import jieba

    tk = jieba.Tokenizer()
    logger, level = _quiet_jieba()
    try:
        folder = cache_dir()
        if folder is None:  # no cache: build in memory, write nothing
            tk.FREQ, tk.total = tk.gen_pfdict(tk.get_dict_file())
            tk.initialized = True
        else:
            tk.tmp_dir = str(folder)
            tk.initialize()
        for word in quantity_lexicon():
            tk.add_word(word)
    finally:
        logger.setLevel(level)
    return tk


jieba_tokenizer = Once(_jieba_tokenizer, "jieba_tokenizer")


def _jieba_pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """A part-of-speech tagger over ``jieba_tokenizer()``.

    Its table of tags is the one ``jieba.posseg`` reads when it is imported (jieba's own
    dictionary, which ``jieba_tokenizer()`` uses too): reading the dictionary again would
    cost most of a second and tens of megabytes for the same table."""
    import jieba.posseg

    class SharedTags(jieba.posseg.POSTokenizer):  # type: ignore[misc]
        def load_word_tag(self, f: Any) -> None:
            f.close()
            table = jieba.posseg.dt.word_tag_tab
            # words added with a tag would be written into the table: those get a copy
            self.word_tag_tab = dict(table) if self.tokenizer.user_word_tag_tab else table

    return SharedTags(jieba_tokenizer())


jieba_pos_tokenizer = Once(_jieba_pos_tokenizer, "jieba_pos_tokenizer")


def _word_table() -> WordTable:
    """``jieba_tokenizer()``'s dictionary and jieba's tags as a compact table
    (``cnreport.wordtable``), cached in ``cache_dir()``: what ``parse`` reads of jieba."""
    from .wordtable import word_table

    return word_table(quantity_lexicon(), cache_dir())


word_table = Once(_word_table, "word_table")


def lexicon_tokenizer() -> jieba.Tokenizer:
    """A new jieba tokenizer holding the dictionary of the ``"jieba"`` backend:
    ``jieba_tokenizer()``'s words plus ``lexicon()``, added as ``add_word`` adds them (a
    word jieba knows but would still split gets the frequency ``suggest_freq`` asks for).

    ``cuts(text)`` gives the words of ``lexicon_tokenizer().cut(text)``."""
    import jieba

    base = jieba_tokenizer()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    block = jieba.re_han_default  # a word with other characters (m², μg/m3) never reaches the dictionary
    for word in lexicon():
        if not block.fullmatch(word):
            continue
        if not tk.FREQ.get(word):
            tk.add_word(word)
        elif list(tk.cut(word, HMM=False)) != [word]:  # in jieba's dictionary, but too rare to win (辽中)
            tk.suggest_freq(word, True)
    return tk


@dataclass(frozen=True, slots=True)
class _Dictionary:
    """jieba's prefix dictionary as log probabilities: ``logp[w]`` is
    ``log(freq) - log(total)``, or None for a prefix that is no word."""

    logp: dict[str, float | None]
    unknown: float  # the score jieba gives a character that is no word


def _dictionary() -> _Dictionary:
    tk = lexicon_tokenizer()
    logtotal = math.log(tk.total)
    log = math.log
    logp = {w: (log(f) - logtotal if f else None) for w, f in tk.FREQ.items()}
    return _Dictionary(logp, log(1) - logtotal)


_jieba_dictionary = Once(_dictionary, "_jieba_dictionary")


@dataclass(frozen=True, slots=True)
class _Hmm:
    """jieba's unknown-word model (``jieba.finalseg``) and its patterns."""

    start: dict[str, float]
    trans: dict[str, dict[str, float]]
    emit: dict[str, dict[str, float]]
    floor: float
    force_split: set[str]
    hmm_han: Any  # the HMM's Chinese runs
    hmm_skip: Any  # the HMM's runs of letters and digits


def _hmm() -> _Hmm:
    import jieba.finalseg as fs

    return _Hmm(
        fs.start_P,
        fs.trans_P,
        fs.emit_P,
        fs.MIN_FLOAT,
        fs.Force_Split_Words,
        fs.re_han,
        fs.re_skip,
    )


_jieba_hmm = Once(_hmm, "_jieba_hmm")

# built from the rules (a rule pack's words), so built afresh when the rules change
on_forget(
    quantity_lexicon.cache_clear,
    lexicon.cache_clear,
    jieba_tokenizer.cache_clear,
    jieba_pos_tokenizer.cache_clear,
    word_table.cache_clear,
    _jieba_dictionary.cache_clear,
)


def _viterbi_ends(run: str, offset: int, hmm: _Hmm, ends: list[int]) -> None:
    """jieba's ``finalseg`` cut of a run of Chinese characters, with back pointers
    instead of copied paths, so linear in the run.

    The four states and their predecessors (B from E or S, M from M or B, E
    from B or M, S from S or E) are written out; every sum is jieba's, in
    jieba's order, and a tie goes to the later letter as in jieba's
    ``max((prob, state))``.
    """
    floor = hmm.floor
    tr, em, st = hmm.trans, hmm.emit, hmm.start
    t_eb, t_sb = tr["E"].get("B", floor), tr["S"].get("B", floor)
    t_mm, t_bm = tr["M"].get("M", floor), tr["B"].get("M", floor)
    t_be, t_me = tr["B"].get("E", floor), tr["M"].get("E", floor)
    t_ss, t_es = tr["S"].get("S", floor), tr["E"].get("S", floor)
    e_b, e_m, e_e, e_s = em["B"].get, em["M"].get, em["E"].get, em["S"].get
    c0 = run[0]
    vb, vm = st["B"] + e_b(c0, floor), st["M"] + e_m(c0, floor)
    ve, vs = st["E"] + e_e(c0, floor), st["S"] + e_s(c0, floor)
    # back[t] packs the predecessors of B, M, E, S at step t+1: 1 bit each
    # (B: S=1/E=0, M: M=1/B=0, E: M=1/B=0, S: S=1/E=0)
    back = bytearray(len(run) - 1)
    for t in range(1, len(run)):
        c = run[t]
        eb, emm, ee, es = e_b(c, floor), e_m(c, floor), e_e(c, floor), e_s(c, floor)
        p1, p2 = ve + t_eb + eb, vs + t_sb + eb
        nb, k = (p2, 1) if p2 >= p1 else (p1, 0)
        p1, p2 = vb + t_bm + emm, vm + t_mm + emm
        nm, k2 = (p2, 2) if p2 >= p1 else (p1, 0)
        p1, p2 = vb + t_be + ee, vm + t_me + ee
        ne, k3 = (p2, 4) if p2 >= p1 else (p1, 0)
        p1, p2 = ve + t_es + es, vs + t_ss + es
        ns, k4 = (p2, 8) if p2 >= p1 else (p1, 0)
        back[t - 1] = k | k2 | k3 | k4
        vb, vm, ve, vs = nb, nm, ne, ns
    state = "S" if vs >= ve else "E"
    tags = [state]
    for bits in reversed(back):
        if state == "B":
            state = "S" if bits & 1 else "E"
        elif state == "M":
            state = "M" if bits & 2 else "B"
        elif state == "E":
            state = "M" if bits & 4 else "B"
        else:
            state = "S" if bits & 8 else "E"
        tags.append(state)
    tags.reverse()
    begin = nexti = 0
    force = hmm.force_split
    for i, tag in enumerate(tags):
        if tag == "B":
            begin = i
        elif tag == "E":
            if force and run[begin : i + 1] in force:
                ends.extend(range(offset + begin + 1, offset + i + 2))
            else:
                ends.append(offset + i + 1)
            nexti = i + 1
        elif tag == "S":
            ends.append(offset + i + 1)
            nexti = i + 1
    if nexti < len(run):
        ends.append(offset + len(run))


def _hmm_ends(buf: str, offset: int, hmm: _Hmm, ends: list[int]) -> None:
    """``jieba.finalseg.cut``: Chinese runs through the HMM, other runs split on letters and digits."""
    pos = offset
    for k, blk in enumerate(hmm.hmm_han.split(buf)):
        if not blk:
            continue
        if k % 2:
            _viterbi_ends(blk, pos, hmm, ends)
        else:
            p = pos
            for piece in hmm.hmm_skip.split(blk):
                if piece:
                    p += len(piece)
                    ends.append(p)
        pos += len(blk)


def _block_ends(s: str, offset: int, d: _Dictionary, hmm: _Hmm, ends: list[int]) -> None:
    """jieba's accurate cut of one block (its DAG, best route, and the HMM for
    runs of unknown characters), appending word ends."""
    n = len(s)
    logp = d.logp
    get = logp.get
    miss = _MISSING
    best = [0.0] * (n + 1)
    to = [0] * (n + 1)
    unknown = d.unknown
    for i in range(n - 1, -1, -1):
        j = i + 1
        top = _NEG_INF
        lp = get(s[i], miss)
        while lp is not miss:
            if lp is not None:
                score = lp + best[j]
                if score >= top:  # jieba's max((score, end)): a tie goes to the longer word
                    top = score
                    to[i] = j
            if j == n:
                break
            j += 1
            lp = get(s[i:j], miss)
        if top == _NEG_INF:
            top = unknown + best[i + 1]
            to[i] = i + 1
        best[i] = top
    x = 0
    buf = -1
    while x < n:
        y = to[x]
        if y - x == 1:
            if buf < 0:
                buf = x
        else:
            if buf >= 0:
                _flush(s, buf, x, offset, logp, hmm, ends)
                buf = -1
            ends.append(offset + y)
        x = y
    if buf >= 0:
        _flush(s, buf, n, offset, logp, hmm, ends)


def _flush(s: str, a: int, b: int, offset: int, logp: dict[str, float | None], hmm: _Hmm, ends: list[int]) -> None:
    """A run of single characters: one word, the HMM's words, or characters (as jieba)."""
    if b - a == 1:
        ends.append(offset + b)
    elif logp.get(s[a:b]) is None:
        _hmm_ends(s[a:b], offset + a, hmm, ends)
    else:
        ends.extend(range(offset + a + 1, offset + b + 1))


_MISSING: Any = object()
_NEG_INF = float("-inf")


def _jieba_cuts(text: str) -> list[int]:
    from .wordtable import accurate_ends

    d = _jieba_dictionary()
    hmm = _jieba_hmm()
    return accurate_ends(text, lambda blk, pos, ends: _block_ends(blk, pos, d, hmm, ends))


# ---------------------------------------------------------------------------
# pkuseg through spaCy

_PKUSEG_HELP = (
    "segmenter='pkuseg' needs a pkuseg model: a folder holding features.msgpack and weights.npz, "
    f"given as pkuseg_model=PATH or in ${PKUSEG_MODEL_ENV}. cnreport never downloads one. Get a model "
    "from the releases of spacy-pkuseg (spacy_ontonotes.zip, https://github.com/explosion/spacy-pkuseg/releases) "
    "or of pkuseg-python (news.zip, web.zip, mixed.zip ..., https://github.com/lancopku/pkuseg-python/releases), "
    "unzip it and pass its folder, or train one on your own segmented text with spacy_pkuseg.train(...)"
)

_pkuseg_lock = threading.Lock()
_pkuseg_cache: dict[Path, Any] = {}


def _model_path(model: str | os.PathLike[str] | None) -> Path:
    if model is None:
        model = os.environ.get(PKUSEG_MODEL_ENV) or None
    if model is None:
        raise ValueError(_PKUSEG_HELP)
    if not isinstance(model, str | os.PathLike):
        raise TypeError(f"pkuseg_model must be a path (str or os.PathLike), got {type(model).__name__}")
    path = Path(model).expanduser()
    missing = [f for f in ("features.msgpack", "weights.npz") if not (path / f).is_file()]
    if missing:
        what = "does not exist" if not path.exists() else f"has no {' or '.join(missing)}"
        raise FileNotFoundError(f"pkuseg model folder {str(path)!r} {what}. {_PKUSEG_HELP}")
    return path.resolve()


def pkuseg_tokenizer(model: str | os.PathLike[str] | None = None) -> Any:
    """spaCy's Chinese tokenizer (``spacy.lang.zh.ChineseTokenizer``) with the
    pkuseg model in the folder ``model``, built once per folder.

    Without ``model``, ``$CNREPORT_PKUSEG_MODEL`` names the folder; without
    either a ValueError says where to get a model.  Only a folder is accepted,
    never a model name, so nothing is downloaded.
    """
    path = _model_path(model)
    tok: Any = _pkuseg_cache.get(path)
    if tok is not None:
        return tok
    with _pkuseg_lock:  # spacy_pkuseg loads through a module-global config
        tok = _pkuseg_cache.get(path)
        if tok is None:
            try:
                import spacy_pkuseg  # noqa: F401
                from spacy.lang.zh import Chinese
            except ImportError:
                raise ImportError(
                    "segmenter='pkuseg' needs spaCy and spacy-pkuseg: pip install 'cnreport[spacy]'"
                ) from None
            nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
            tok = nlp.tokenizer
            tok.initialize(pkuseg_model=str(path), pkuseg_user_dict="default")
            _pkuseg_cache[path] = tok
    return tok


def _pkuseg_cuts(text: str, model: str | os.PathLike[str] | None) -> list[int]:
    doc = pkuseg_tokenizer(model)(text)
    ends = [0]
    for t in doc:
        a = t.idx
        if a != ends[-1]:
            ends.append(a)
        ends.append(a + len(t.text))
    if ends[-1] != len(text):
        ends.append(len(text))
    return ends


# ---------------------------------------------------------------------------
# the entry point


def cuts(text: str, segmenter: str = "jieba", *, pkuseg_model: str | os.PathLike[str] | None = None) -> list[int]:
    """The offsets where the words of ``text`` begin and end, from 0 to ``len(text)``.

    Consecutive offsets bound one word (or one run of whitespace, which
    ``cnreport.tokenize`` drops).  ``segmenter`` is one of ``SEGMENTERS``;
    ``pkuseg_model`` is the model folder of the ``"pkuseg"`` backend.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    if segmenter == "jieba":
        return _jieba_cuts(text)
    if segmenter == "char":
        return list(range(len(text) + 1))
    if segmenter == "pkuseg":
        return _pkuseg_cuts(text, pkuseg_model)
    raise ValueError(f"segmenter must be one of {list(SEGMENTERS)}, got {segmenter!r}")
