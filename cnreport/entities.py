"""Companies, projects, water bodies and places, found by rules that are data.

Names are found from the word that closes them (a company's 有限公司 or 科技, a
project's 项目, a river's 河, a town's 镇), walked back to where they start (a
punctuation mark, the list separator 、, or a lead-in word such as 推进), and
checked against stop lists of generic phrases (重点项目, 化工企业, 河道).  Lists
give context: the items before 等5家企业 are companies, the items before
等10个项目 are projects named by company and product, the items in brackets
after 项目5个( are companies.  A company found once is found again wherever its
name recurs in the report.  jieba serves only as a boundary check around a
candidate, never as the matcher.

The rules live in ``rules/companies.toml``, ``projects.toml``, ``water.toml``,
``places.toml`` and ``gazetteer_*.toml``; third-party rule packs add to them.

>>> from cnreport.normalize import normalize
>>> [(e.text, e.label.value) for e in extract_entities(normalize("推进瑞丰科技年产5万吨硫酸项目"))]
[('瑞丰科技', 'COMPANY'), ('瑞丰科技年产5万吨硫酸项目', 'PROJECT')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .loader import (
    Example,
    RuleError,
    UniqueSurfaces,
    entries,
    examples,
    regex,
    require,
    rule_files,
    string_list,
    where,
    word_entries,
)
from .normalize import Normalized, normalize
from .types import Entity, Label

if TYPE_CHECKING:
    import jieba

__all__ = ["EntityExtractor", "EntityRules", "default_extractor", "entity_rules", "extract_entities"]

_LABELS = tuple(label.value for label in Label)
GAZETTEER_FILES = {
    "COMPANY": "gazetteer_companies.toml",
    "PROJECT": "gazetteer_projects.toml",
    "WATER": "gazetteer_water.toml",
    "PLACE": "gazetteer_places.toml",
}

# ---------------------------------------------------------------------------
# rule data


@dataclass(frozen=True, slots=True)
class Cue:
    """A regular expression of a list or bracket cue, with its rule id."""

    id: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class EntityRules:
    """Everything the entity extractor is built from (see the rule files)."""

    org_forms: tuple[str, ...] = ()
    industry: tuple[tuple[str, bool], ...] = ()  # (word, list_only)
    company_not_after: tuple[str, ...] = ()
    company_generic: tuple[str, ...] = ()
    name_cues: tuple[str, ...] = ()
    company_lists: tuple[Cue, ...] = ()
    lead_ins: tuple[tuple[str, frozenset[str]], ...] = ()  # (word, labels)
    project_heads: tuple[str, ...] = ()
    project_generic: tuple[str, ...] = ()
    project_generic_end: tuple[str, ...] = ()
    project_name_end: tuple[str, ...] = ()
    project_lists: tuple[Cue, ...] = ()
    bracket_cues: tuple[Cue, ...] = ()
    phases: tuple[Cue, ...] = ()
    water_heads: tuple[tuple[str, int], ...] = ()  # (word, max_name)
    water_numbered: tuple[Cue, ...] = ()
    water_sections: tuple[Cue, ...] = ()
    water_not_after: tuple[str, ...] = ()
    water_allow_after: tuple[str, ...] = ()
    water_generic: tuple[str, ...] = ()
    place_heads: tuple[tuple[str, int, bool], ...] = ()  # (word, max_name, masked)
    place_word_heads: tuple[str, ...] = ()  # heads whose name may be a common word (前进村)
    place_not_after: tuple[str, ...] = ()
    place_generic: tuple[str, ...] = ()
    gazetteer: tuple[tuple[str, str], ...] = ()  # (label, name)
    gazetteer_not_after: tuple[tuple[str, str], ...] = ()  # (label, word)
    max_name_freq: int = 0
    min_verb_freq: int = 0
    max_item_word_freq: int = 0
    examples: tuple[Example, ...] = field(default=(), repr=False)


def _words(
    file: str, table: str, what: str, exs: list[Example], key: str = "words"
) -> list[tuple[str, dict[str, Any]]]:
    """``(word, entry)`` for every word of every ``[[table]]`` entry; duplicates are errors."""
    found = word_entries(file, table, UniqueSurfaces(what), exs, key)
    return [(w, entry) for _at, entry, words in found for w in words]


def _cues(file: str, table: str, exs: list[Example]) -> list[Cue]:
    out: list[Cue] = []
    seen = UniqueSurfaces(f"{table} id")
    for source, i, entry in entries(file, table):
        at = where(source, table, i, entry)
        ident = require(entry, "id", str, at)
        seen.add([ident], at)
        pattern = regex(entry, "pattern", at)
        if pattern is None:
            raise RuleError(f"{at}: missing 'pattern'")
        exs.extend(examples(entry, at))
        out.append(Cue(f"{file}:{table}:{ident}", pattern))
    return out


def _positive_int(entry: dict[str, Any], key: str, default: int, at: str) -> int:
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12:
        raise RuleError(f"{at}: {key!r} must be an integer from 1 to 12")
    return value


@cache
def entity_rules() -> EntityRules:
    """The entity rules of the package and of every installed rule pack."""
    exs: list[Example] = []
    suffix = UniqueSurfaces("company suffix")
    org_forms: list[str] = []
    for _at, _entry, words in word_entries("companies.toml", "org_form", suffix, exs):
        org_forms.extend(words)
    industry: list[tuple[str, bool]] = []
    for at, entry, words in word_entries("companies.toml", "industry", suffix, exs):
        list_only = entry.get("list_only", False)
        if not isinstance(list_only, bool):
            raise RuleError(f"{at}: 'list_only' must be true or false")
        industry.extend((w, list_only) for w in words)

    lead_seen = UniqueSurfaces("lead-in word")
    lead_ins: list[tuple[str, frozenset[str]]] = []
    for file in ("companies.toml", "projects.toml", "water.toml", "places.toml"):
        for at, entry, words in word_entries(file, "lead_in", lead_seen, exs):
            labels = string_list(entry, "labels", at) or _LABELS
            bad = [x for x in labels if x not in _LABELS]
            if bad:
                raise RuleError(f"{at}: label {bad[0]!r} is not one of {list(_LABELS)}")
            lead_ins.extend((w, frozenset(labels)) for w in words)

    water_heads: list[tuple[str, int]] = []
    for at, entry, words in word_entries("water.toml", "head", UniqueSurfaces("water head"), exs):
        water_heads.extend((w, _positive_int(entry, "max_name", 3, at)) for w in words)

    place_heads: list[tuple[str, int, bool]] = []
    place_word_heads: list[str] = []
    for at, entry, words in word_entries("places.toml", "head", UniqueSurfaces("place head"), exs):
        masked = entry.get("masked", False)
        if not isinstance(masked, bool):
            raise RuleError(f"{at}: 'masked' must be true or false")
        place_heads.extend((w, _positive_int(entry, "max_name", 3, at), masked) for w in words)
        word_names = entry.get("word_names", False)
        if not isinstance(word_names, bool):
            raise RuleError(f"{at}: 'word_names' must be true or false")
        if word_names:
            place_word_heads.extend(words)

    gazetteer: list[tuple[str, str]] = []
    gaz_not_after: list[tuple[str, str]] = []
    for label, file in GAZETTEER_FILES.items():
        gazetteer.extend((label, w) for w, _ in _words(file, "name", f"{label} gazetteer name", exs))
        gaz_not_after.extend((label, w) for w, _ in _words(file, "not_after", "word", exs))

    max_freq = 0
    verb_freq = 0
    item_freq = 0
    for source, data in rule_files("companies.toml"):
        table = data.get("jieba", {})
        if table:
            at = f"{source}: [jieba]"
            max_freq = require(table, "max_name_freq", int, at)
            verb_freq = table.get("min_verb_freq", 0)
            if not isinstance(verb_freq, int) or isinstance(verb_freq, bool) or verb_freq < 0:
                raise RuleError(f"{at}: 'min_verb_freq' must be a non-negative integer")
            item_freq = table.get("max_item_word_freq", 0)
            if not isinstance(item_freq, int) or isinstance(item_freq, bool) or item_freq < 0:
                raise RuleError(f"{at}: 'max_item_word_freq' must be a non-negative integer")
            exs.extend(examples(table, at))

    def plain(file: str, table: str, what: str) -> tuple[str, ...]:
        return tuple(w for w, _ in _words(file, table, what, exs))

    return EntityRules(
        org_forms=tuple(org_forms),
        industry=tuple(industry),
        company_not_after=plain("companies.toml", "not_after", "word"),
        company_generic=plain("companies.toml", "generic", "generic word"),
        name_cues=plain("companies.toml", "name_cue", "name cue"),
        company_lists=tuple(_cues("companies.toml", "list_cue", exs)),
        lead_ins=tuple(lead_ins),
        project_heads=plain("projects.toml", "head", "project head"),
        project_generic=plain("projects.toml", "generic", "generic word"),
        project_generic_end=plain("projects.toml", "generic_end", "generic ending"),
        project_name_end=plain("projects.toml", "name_end", "works word"),
        project_lists=tuple(_cues("projects.toml", "list_cue", exs)),
        bracket_cues=tuple(_cues("projects.toml", "bracket_cue", exs)),
        phases=tuple(_cues("projects.toml", "phase", exs)),
        water_heads=tuple(water_heads),
        water_numbered=tuple(_cues("water.toml", "numbered", exs)),
        water_sections=tuple(_cues("water.toml", "section", exs)),
        water_not_after=plain("water.toml", "not_after", "word"),
        water_allow_after=plain("water.toml", "allow_after", "word"),
        water_generic=plain("water.toml", "generic", "generic word"),
        place_heads=tuple(place_heads),
        place_word_heads=tuple(place_word_heads),
        place_not_after=plain("places.toml", "not_after", "word"),
        place_generic=plain("places.toml", "generic", "generic word"),
        gazetteer=tuple(gazetteer),
        gazetteer_not_after=tuple(gaz_not_after),
        max_name_freq=max_freq,
        min_verb_freq=verb_freq,
        max_item_word_freq=item_freq,
        examples=tuple(exs),
    )


# ---------------------------------------------------------------------------
# jieba, as a boundary check only


@cache
def _jieba() -> jieba.Tokenizer:
    try:
        from .tokenize import jieba_tokenizer
    except ImportError:  # pragma: no cover - older tokenize module
        import jieba as _jb

        tok = _jb.Tokenizer()
        tok.initialize()
        return tok
    return jieba_tokenizer()


def _cuts(window: str) -> set[int]:
    """Token boundaries (offsets into ``window``) that jieba sees."""
    out = {0}
    pos = 0
    for word in _jieba().cut(window, HMM=False):
        pos += len(word)
        out.add(pos)
    return out


def _is_word(word: str) -> bool:
    """Whether ``word`` is an entry of jieba's dictionary (a common word, not a name)."""
    tok = _jieba()
    return bool(tok.FREQ.get(word))


# ---------------------------------------------------------------------------
# the extractor

_HARD = frozenset('。;:!?\n\r\t“”"《》〈〉【】[]「」『』|…')
_SOFT = frozenset("、,")
_OPEN = frozenset("(")
_CLOSE = frozenset(")")
_MASK = frozenset("xX*×○某")
_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百零〇两]")
_COUNT = re.compile(r"[0-9xX一二三四五六七八九十两几]{1,4}个")
# a head followed by a count is a kind of works, counted (在建项目10个, 危桥改造工程12座)
_COUNT_END = re.compile(r"[0-9xX一二三四五六七八九十两几]{1,4}(?:个|座|处|项|条|宗)(?![\u4e00-\u9fff])")
_ENUM = re.compile(
    r"(?:[一二三四五六七八九十]{1,2}是|[一二三四五六七八九十]{1,2}[、.]|\d{1,2}[、.]|\([一二三四五六七八九十0-9]{1,3}\))"
)


# a place or a group in brackets inside a registered name: 锦川电子科技(柳湾)有限公司,
# 联合利华(中国)投资有限公司, 华星(集团)有限公司
_NAME_BRACKET = re.compile(r"\([\u4e00-\u9fff]{2,6}\)")


def _drop_bracket(name: str) -> str:
    """``name`` without one bracketed part after its first two characters and near its end."""
    m = _NAME_BRACKET.search(name)
    if m is None or m.start() < 2 or name.count("(") != 1 or len(name) - m.end() > 4:
        return name
    return name[: m.start()] + name[m.end() :]


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _all_cjk(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" for c in s)


def _alternation(words: Iterable[str]) -> str:
    """One regular expression for ``words`` that matches the longest word at a position.

    The words are factored into a trie (恒达科技|恒达 -> 恒达(?:科技)?), so the
    engine tries at most one branch per character: a list of thousands of names
    costs about as much per position as a list of ten.
    """
    root: dict[str, Any] = {}
    for word in set(words):
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(root) if root else "(?!)"


def _trie_pattern(node: dict[str, Any]) -> str:
    alts: list[str] = []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        run = re.escape(ch)
        # a chain of single children is one literal
        while len(child) == 1 and "" not in child:
            (nxt,) = child
            run += re.escape(nxt)
            child = child[nxt]
        alts.append(run + _trie_pattern(child))
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    # a word may end here: the longer words first (greedy), then nothing
    return f"(?:{body})?" if "" in node else body


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    label: str
    rule: str
    prio: int = 50


class EntityExtractor:
    """Finds COMPANY, PROJECT, WATER and PLACE entities; build once, reuse for every report.

    ``gazetteer`` adds names the rules cannot see, by label
    (``{"COMPANY": ["某某科技"]}``); they win over rule matches they overlap.
    ``rules`` replaces the rule data (default: the package's and the installed
    rule packs'); patterns are compiled here, once.

    >>> ex = EntityExtractor(gazetteer={"COMPANY": ["蓝鲸"]})
    >>> [(e.text, e.label.value, e.rule) for e in ex.extract("走访蓝鲸并座谈")]
    [('蓝鲸', 'COMPANY', 'gazetteer')]
    """

    def __init__(self, gazetteer: Mapping[str, Iterable[str]] | None = None, rules: EntityRules | None = None) -> None:
        self.rules = rules = rules if rules is not None else entity_rules()
        user: list[tuple[str, str]] = []
        for key, names in (gazetteer or {}).items():
            label = key.value if isinstance(key, Label) else key
            if label not in _LABELS:
                raise ValueError(f"gazetteer label must be one of {list(_LABELS)}, got {key!r}")
            if isinstance(names, str) or not isinstance(names, Iterable):
                raise TypeError(f"gazetteer[{key!r}] must be a list of names, got {type(names).__name__}")
            for name in names:
                if not isinstance(name, str) or not name:
                    raise TypeError(f"gazetteer[{key!r}] must hold non-empty strings, got {name!r}")
                user.append((label, normalize(name).text))
        self._user = tuple(user)

        self._lead: dict[str, set[str]] = {label: set() for label in _LABELS}
        for word, labels in rules.lead_ins:
            for label in labels:
                self._lead[label].add(word)
        self._lead_multi = {k: {w for w in v if len(w) > 1} for k, v in self._lead.items()}
        self._lead_single = {k: {w for w in v if len(w) == 1} for k, v in self._lead.items()}

        self._org = set(rules.org_forms)
        self._industry = dict(rules.industry)
        self._suffixes = self._org | set(self._industry)
        self._industry_longest = tuple(sorted(self._industry, key=lambda w: (-len(w), w)))
        self._suffixes_longest = tuple(sorted(self._suffixes, key=lambda w: (-len(w), w)))
        self._suffixes_t = tuple(self._suffixes)
        self._c_generic_long = tuple(w for w in rules.company_generic if len(w) >= 2)
        self._p_heads_t = tuple(rules.project_heads)
        # a lookahead finds a suffix at every position (鼎石化学 holds 石化 and 化学); the
        # class of first characters in front lets the engine skip the other positions fast
        firsts = "".join(re.escape(c) for c in sorted({w[0] for w in self._suffixes if w}))
        self._company_suffix_re = (
            re.compile(f"(?=[{firsts}])(?=({_alternation(self._suffixes)}))") if self._suffixes else None
        )
        self._c_not_after = tuple(rules.company_not_after)
        self._c_generic = frozenset(rules.company_generic)
        self._name_cue_re = re.compile(_alternation(rules.name_cues)) if rules.name_cues else None
        self._p_head_re = re.compile(_alternation(rules.project_heads)) if rules.project_heads else None
        self._p_heads = frozenset(rules.project_heads)
        self._p_generic = frozenset(rules.project_generic)
        self._p_generic_end = tuple(rules.project_generic_end)
        self._p_name_end = frozenset(rules.project_name_end)
        self._w_heads = dict(rules.water_heads)
        self._w_head_re = re.compile(_alternation(self._w_heads)) if self._w_heads else None
        self._w_not_after = tuple(rules.water_not_after)
        self._w_allow_after = tuple(rules.water_allow_after)
        self._w_generic = frozenset(rules.water_generic)
        self._pl_heads = {w: (n, m) for w, n, m in rules.place_heads}
        self._pl_head_re = re.compile(_alternation(self._pl_heads)) if self._pl_heads else None
        self._zone_heads = tuple(w for w, (_, m) in self._pl_heads.items() if m)
        self._pl_heads_t = tuple(self._pl_heads)
        self._pl_word_heads = frozenset(rules.place_word_heads)
        self._pl_not_after = tuple(rules.place_not_after)
        self._pl_generic = frozenset(rules.place_generic)
        self._pl_generic_long = tuple(w for w in rules.place_generic if len(w) >= 2)
        self._places = frozenset(n for label, n in rules.gazetteer if label == "PLACE")
        gaz: dict[str, str] = {}
        for label, name in rules.gazetteer:
            gaz.setdefault(name, label)
        self._gaz = gaz
        self._gaz_re = re.compile(_alternation(gaz)) if gaz else None
        self._gaz_not_after: dict[str, tuple[str, ...]] = {}
        for label, word in rules.gazetteer_not_after:
            self._gaz_not_after[label] = (*self._gaz_not_after.get(label, ()), word)
        users: dict[str, list[str]] = {}
        for label, name in self._user:
            users.setdefault(name, []).append(label)
        self._users = users
        self._user_re = re.compile(_alternation(users)) if users else None

    # -- public ------------------------------------------------------------

    def extract(self, norm: Normalized | str) -> tuple[Entity, ...]:
        """The entities of a text (or of a ``Normalized`` text), sorted by offset."""
        if isinstance(norm, str):
            norm = normalize(norm)
        if not isinstance(norm, Normalized):
            raise TypeError(f"extract needs a str or Normalized, got {type(norm).__name__}")
        if not norm.text:
            return ()
        return _Run(self, norm).run()

    # -- helpers shared by the run -------------------------------------------

    def lead_ends_at(self, t: str, s: int, label: str) -> bool:
        """Whether a lead-in word of ``label`` ends right before ``s``."""
        lead = self._lead[label]
        for k in (4, 3, 2, 1):
            if s - k >= 0 and t[s - k : s] in lead:
                return True
        return False

    def bound(self, t: str, s: int, label: str) -> bool:
        """Whether a name may start at ``s``: after a non-CJK character or a lead-in word.

        A river or a town may also follow the place it lies in (宁川市清溪河, 宁川市东湖区).
        """
        if s <= 0 or not _cjk(t[s - 1]):
            return True
        if label in ("PLACE", "WATER") and t[s - 1] in "省市县区镇乡村" and s >= 3 and _cjk(t[s - 3]):
            return True
        return self.lead_ends_at(t, s, label)

    def place_before(self, t: str, s: int, label: str) -> int:
        """Length of a place name (江苏, 宁川市) ending at ``s`` that itself starts at a boundary, or 0."""
        for k in (4, 3, 2):
            if s - k < 0:
                continue
            seg = t[s - k : s]
            if seg in self._places or (k >= 3 and seg[-1] in "省市县" and _all_cjk(seg)):
                if self.bound(t, s - k, label):
                    return k
        return 0

    def short_start(self, t: str, end: int, label: str, lo: int, hi: int, *, place: bool = True) -> int | None:
        """Start of a short name (``lo`` to ``hi`` characters, maybe after a place) ending at ``end``."""
        for n in range(lo, hi + 1):
            s = end - n
            if s < 0 or not _cjk(t[s]):
                break
            if self.bound(t, s, label):
                return s
            if place:
                k = self.place_before(t, s, label)
                if k:
                    return s - k
        return None

    def verb_start(self, t: str, end: int, n: int) -> int | None:
        """Start of an ``n``-character name right after a verb that jieba knows (连通白沙河).

        The fallback when no lead-in word marks the start: jieba is the boundary check.
        """
        s = end - n
        if s < 2 or not _all_cjk(t[s - 2 : end]):
            return None
        pairs = list(_pos().cut(t[max(0, s - 6) : end], HMM=False))
        pos = max(0, s - 6)
        before = None
        rest: list[Any] = []
        for i, pair in enumerate(pairs):
            pos += len(pair.word)
            if pos == s:
                before, rest = pair, pairs[i + 1 :]
                break
        if before is None or len(before.word) < 2:
            return None
        proper = len(rest) == 1 and rest[0].flag in ("ns", "nz", "nr")
        return s if proper or before.flag in ("v", "vn", "p", "a", "ad") else None

    def item_start(self, t: str, end: int, label: str, limit: int, *, year_lists: bool = False) -> int:
        """Start of the list item or clause ending at ``end``: back to punctuation, then after lead-ins."""
        stop = "等" if label == "PROJECT" else ""
        i = self.walk_back(t, end, max(0, end - limit), stop=stop, year_lists=year_lists)
        return self.cut_lead(t, i, end, label)

    def walk_back(
        self, t: str, end: int, lo: int, *, stop: str = "", year_lists: bool = False, at_heads: bool = False
    ) -> int:
        """From ``end`` back (not below ``lo``) to the start of its list item: over a
        short bracketed part, stopping at punctuation, at a character of ``stop``, at
        a list separator (unless ``year_lists`` and the list is 年产A、B…), and, with
        ``at_heads``, right after an earlier project head."""
        i = end
        while i > lo:
            c = t[i - 1]
            if c in _CLOSE:
                j = t.rfind("(", max(lo, i - 30), i - 1)
                if j < 0 or any(x in _HARD for x in t[j:i]):
                    break
                i = j
                continue
            if c in _HARD or c in _OPEN or c in stop:
                break
            if c in _SOFT:
                if year_lists and self._year_list(t, i - 1, lo):
                    i -= 1
                    continue
                break
            if at_heads and t.endswith(self._p_heads_t, 0, i):
                break
            i -= 1
        return i

    def _year_list(self, t: str, sep: int, lo: int) -> bool:
        """Whether the separator at ``sep`` lies in a product list after 年产 (年产A、B项目)."""
        j = sep
        while j > lo and t[j - 1] not in _HARD and t[j - 1] not in _SOFT and t[j - 1] not in _OPEN:
            j -= 1
        seg = t[j:sep]
        # only the part after the last project head belongs to this name (…项目9月竣工,锦川…项目)
        last = max(seg.rfind(h) + len(h) if h in seg else 0 for h in self._p_heads_t) if self._p_heads_t else 0
        seg = seg[last:]
        if not seg:
            return False
        return self._name_cue_re is not None and self._name_cue_re.search(seg) is not None

    def cut_lead(self, t: str, s: int, end: int, label: str) -> int:
        """Move ``s`` past the last multi-character lead-in word before ``end``."""
        multi = self._lead_multi[label]
        best = s
        # a works word right before the head is part of the name, not the context
        # before it (扩建 in 第二水厂扩建工程, 建设 in 基础设施建设项目)
        keep = self._p_name_end if label == "PROJECT" else frozenset()
        for p in range(s, end):
            for k in (4, 3, 2):
                if p + k <= end and t[p : p + k] in multi and not (p + k == end and t[p:end] in keep):
                    best = max(best, p + k)
        s = best
        # masks and enumerations at the start
        while True:
            m = _ENUM.match(t, s, end)
            if m and m.end() < end:
                s = m.end()
                continue
            break
        return s

    def strip_start(self, t: str, s: int, end: int, label: str, after_list_sep: bool) -> int:
        """Drop single-character lead-ins and masks at the start of an item."""
        single = self._lead_single[label]
        while s < end:
            c = t[s]
            if c in _MASK:
                j = s
                while j < end and t[j] in _MASK:
                    j += 1
                if t.startswith(self._zone_heads, j):
                    return s
                s = j
                continue
            if not after_list_sep and c in single and end - s >= 3:
                s += 1
                continue
            break
        return s

    def common(self, name: str) -> bool:
        """Whether ``name`` holds a common word (jieba frequency at or above ``max_name_freq``)."""
        limit = self.rules.max_name_freq
        if not limit:
            return False
        freq = _jieba().FREQ
        return any(len(w) > 1 and (freq.get(w) or 0) >= limit for w in _jieba().cut(name, HMM=False))

    def skip_verb(self, t: str, s: int, e: int) -> int:
        """Move ``s`` past a common verb that opens ``t[s:e]`` when a name of two or more follows.

        促成锦川电子 is the verb 促成 before the name 锦川电子; the verb must be a jieba
        verb at least ``min_verb_freq`` frequent, so a name that merely reads like one
        (兴发, 振兴化工: nothing after it) stays whole.
        """
        limit = self.rules.min_verb_freq
        if not limit or e - s < 4 or not _cjk(t[s]):
            return s
        freq = _jieba().FREQ
        if all((freq.get(t[s : s + k]) or 0) < limit for k in (2, 3, 4)):  # no common word opens it
            return s
        pairs = list(_pos().cut(t[s : min(e, s + 8)], HMM=False))  # the verb and the word after it
        if len(pairs) < 2 or len(pairs[0].word) < 2 or pairs[0].flag != "v":
            return s
        if (freq.get(pairs[0].word) or 0) < limit or e - s - len(pairs[0].word) < 2:
            return s
        # what follows must read as a name, not as a common word (促进中心, 引领科技)
        nxt = pairs[1].word
        if len(nxt) > 1 and (freq.get(nxt) or 0) >= self.rules.max_name_freq:
            return s
        return s + len(pairs[0].word)

    def all_common(self, name: str) -> bool:
        """Whether ``name`` is made only of common words (安全生产), not a name that holds one (宁德时代)."""
        limit = self.rules.max_name_freq
        if not limit:
            return False
        freq = _jieba().FREQ
        return all(len(w) > 1 and (freq.get(w) or 0) >= limit for w in _jieba().cut(name, HMM=False))

    def company_name_ok(self, name: str) -> bool:
        """Whether ``name`` (the part before a suffix) can be a company's own name."""
        if len(name) < 2 or any(c in _MASK for c in name):
            return False
        if not all(_cjk(c) or (c.isascii() and c.isalpha()) for c in name):
            return False
        g = self._c_generic
        if name in g or name.endswith(self._c_generic_long) or name in self._lead["COMPANY"]:
            return False
        if name.endswith(self._suffixes_t):
            return False
        if any(w in name for w in ("的", "等", "了", "之", "项目", "工程")) or name[0] in self._c_generic:
            return False
        return not _covered(name, g | self._lead["COMPANY"]) and not _function_word_first(name, whole=True)


_FUNCTION_TAGS = frozenset({"d", "ad", "c", "p", "r", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "e"})


def _common_not_place(name: str, limit: int) -> bool:
    """Whether ``name`` holds a common word that jieba does not tag as a place (不断提升, 房屋)."""
    if not limit:
        return False
    freq = _jieba().FREQ
    pairs = list(_pos().cut(name, HMM=False))
    if pairs and len(pairs[0].word) == 1 and pairs[0].flag in ("p", "v", "d", "r", "c") and len(name) > 2:
        return True
    return any(len(p.word) > 1 and (freq.get(p.word) or 0) >= limit and p.flag != "ns" for p in pairs)


_NAME_TAGS = frozenset({"vd", "ad", "d", "c", "p", "r", "f", "m", "t"})

# what jieba tags an action, a manner or a set phrase (紧盯, 全力以赴, 抓): no part of a name
_ACTION_TAGS = frozenset({"v", "vd", "vi", "vg", "z", "i", "l", "d", "ad", "a", "ag", "c", "p", "r"})


def _verb_then_generic(name: str, generic: frozenset[str]) -> bool:
    """Whether ``name`` is a verb before generic words only (整合园, 优化园): an action, not a name.

    A name that is one verb-like word (前进村, 胜利村) is left alone.
    """
    first = next(iter(_pos().cut(name, HMM=False)), None)
    if first is None or len(first.word) < 2 or first.flag not in ("v", "vn"):
        return False
    rest = name[len(first.word) :]
    return bool(rest) and _covered(rest, generic)


def _nothing_named(core: str) -> bool:
    """Whether ``core`` (a project name without its head) only acts: 紧盯, 全力以赴抓.

    An action with nothing that names (紧盯项目, 全力以赴抓项目) is a generic mention;
    one with a noun (道路拓宽, 水系连通) or a number (年产5万吨) names a project.
    """
    if not _all_cjk(core):
        return False
    return all(p.flag in _ACTION_TAGS for p in _pos().cut(core, HMM=False))


def _function_word_first(phrase: str, *, whole: bool = False) -> bool:
    """Whether jieba tags the first word of ``phrase`` as an adverb, conjunction, preposition or pronoun.

    With ``whole``, whether ``phrase`` is one dictionary word tagged as an adverb,
    conjunction, preposition, pronoun, numeral or time word (其余, 当前): not a name.
    """
    for pair in _pos().cut(phrase, HMM=False):
        if whole:
            return pair.word == phrase and len(phrase) > 1 and pair.flag in _NAME_TAGS
        return len(pair.word) > 1 and pair.flag in _FUNCTION_TAGS
    return False


@cache
def _pos() -> Any:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_jieba())


def _covered(s: str, words: frozenset[str] | set[str]) -> bool:
    """Whether ``s`` is a sequence of ``words`` (a phrase with nothing of its own)."""
    n = len(s)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for k in range(1, min(6, n - i) + 1):
            if s[i : i + k] in words:
                ok[i + k] = True
    return ok[n]


class _Run:
    """One call of ``extract``: all state is local to it."""

    def __init__(self, ex: EntityExtractor, norm: Normalized) -> None:
        self.ex = ex
        self.norm = norm
        self.t = norm.text
        self.cands: list[_Cand] = []
        self.taken: dict[str, list[_Cand]] = {}
        self.list_items: list[tuple[int, int, str, int]] = []  # project list items (start, end, rule, list)

    def add(self, s: int, e: int, label: str, rule: str, prio: int = 50) -> None:
        if 0 <= s < e <= len(self.t):
            self.cands.append(_Cand(s, e, label, rule, prio))

    # -- companies -------------------------------------------------------------

    def companies(self) -> None:
        ex, t = self.ex, self.t
        if ex._company_suffix_re is not None:
            for m in ex._company_suffix_re.finditer(t):
                word = m.group(1)
                hs, he = m.start(), m.start() + len(word)
                if word in ex._org:
                    self.org_form(hs, he, word)
                elif not ex._industry[word]:
                    self.industry(hs, he, word, in_list=False)
        if ex._name_cue_re is not None:
            for m in ex._name_cue_re.finditer(t):
                self.name_cue(m.start(), m.group())
        for cue in ex.rules.company_lists:
            for m in cue.pattern.finditer(t):
                items = self.list_before(m.start(), "COMPANY")
                if len(items) < 2 and not t.startswith("等", m.start()) and not t.endswith("等", 0, m.start()):
                    continue
                for s, e in items:
                    self.company_item(s, e, cue.id)
        for cue in ex.rules.bracket_cues:
            for m in cue.pattern.finditer(t):
                for s, e in self.bracket_items(m.end()):
                    if not t.endswith(ex._p_heads_t, s, e):
                        self.company_item(s, e, cue.id)

    def org_form(self, hs: int, he: int, word: str) -> None:
        ex, t = self.ex, self.t
        s = ex.item_start(t, hs, "COMPANY", 24)
        s = ex.strip_start(t, s, hs, "COMPANY", s > 0 and t[s - 1] == "、")
        s = ex.skip_verb(t, s, hs)
        name = t[s:hs]
        if hs - s > 20 or (len(name) <= 3 and ex.common(name)):
            return
        if len(name) > 6 and not ex.place_before(t, s + 2, "COMPANY") and not self._long_ok(name):
            return
        if not self._org_name_ok(name):
            return
        self.add(s, he, "COMPANY", f"companies.toml:org_form:{word}", 60)

    def _long_ok(self, name: str) -> bool:
        # a long registered name starts with a place (宁川市...) or holds an industry word
        # or carries a place in brackets (锦川电子科技(柳湾)有限公司)
        if _drop_bracket(name) != name:
            return True
        return any(w in name for w in self.ex._industry) or name[:3][-1:] in "省市县区"

    def _org_name_ok(self, name: str) -> bool:
        ex = self.ex
        name = _drop_bracket(name)
        if len(name) < 2 or any(c in _MASK for c in name):
            return False
        if not all(_cjk(c) or (c.isascii() and c.isalnum()) for c in name):
            return False
        # 该公司, 各子公司: a determiner first, or a subsidiary's 子/母 last
        if name in ex._c_generic or name[0] in ex._c_generic or name[-1] in "子母":
            return False
        if any(w in name for w in ("的", "等", "了")):
            return False
        return not _covered(name, ex._c_generic | ex._lead["COMPANY"])

    def industry(self, hs: int, he: int, word: str, *, in_list: bool) -> int | None:
        """A short company name closed by an industry word at ``hs:he``; returns its start."""
        ex, t = self.ex, self.t
        if t.startswith(ex._c_not_after, he):
            return None
        s = ex.short_start(t, hs, "COMPANY", 2, 4)
        prio = 50
        if s is None:
            return None
        s = ex.skip_verb(t, s, hs)
        name = t[s:hs]
        core = name[ex.place_before(t, s + min(len(name), 4), "COMPANY") :] if len(name) > 4 else name
        for k in (4, 3, 2):
            if name[:k] in ex._places and len(name) - k >= 2:
                core = name[k:]
                break
        if not ex.company_name_ok(core) or _is_word(core + word) or ex.common(core):
            return None
        self.add(s, he, "COMPANY", f"companies.toml:industry:{word}", prio)
        return s

    def name_cue(self, cs: int, cue: str) -> None:
        ex, t = self.ex, self.t
        if t.startswith(cue + "值", cs):
            return
        # a company already ending here (恒达化工有限公司年产...) needs nothing more
        s = ex.short_start(t, cs, "COMPANY", 2, 4)
        if s is None:
            return
        s = ex.skip_verb(t, s, cs)
        name = t[s:cs]
        if name.endswith(ex._suffixes_t):
            return
        if not ex.company_name_ok(name) or ex.common(name):
            return
        self.add(s, cs, "COMPANY", f"companies.toml:name_cue:{cue}", 50)

    def company_item(self, s: int, e: int, rule: str) -> None:
        ex, t = self.ex, self.t
        name = t[s:e]
        if not 2 <= len(name) <= 10 or not _all_cjk(name):
            return
        if any(c in _MASK for c in name) or (s > 0 and t[s - 1] in _MASK):
            return
        if any(w in name for w in ("的", "项目", "工程")) or name in ex._c_generic:
            return
        if name.endswith("业") and not name.endswith(ex._industry_longest):
            return
        if _covered(name, ex._c_generic | ex._lead["COMPANY"]):
            return
        # a list item with an organisational form needs a name before it (上市公司 names nothing)
        form = next((w for w in ex._org if name.endswith(w)), "")
        if form and not self._org_name_ok(name[: -len(form)]):
            return
        core = name
        for k in (4, 3, 2):
            if name[:k] in ex._places and len(name) - k >= 2:
                core = name[k:]
                break
        if ex.all_common(core):
            return
        self.add(s, e, "COMPANY", rule, 45)

    def list_before(self, end: int, label: str) -> list[tuple[int, int]]:
        """The items of a 、-separated list ending at ``end`` (last item first)."""
        t, ex = self.t, self.ex
        out: list[tuple[int, int]] = []
        e = end
        if e > 0 and t[e - 1] == "等":
            e -= 1
        crossed = False
        while e > 0 and len(out) < 30:
            j = e
            lo = max(0, e - 40)
            while j > lo and t[j - 1] not in _SOFT and t[j - 1] not in _HARD and t[j - 1] not in _OPEN:
                if t[j - 1] in _CLOSE:
                    k = t.rfind("(", max(lo, j - 30), j - 1)
                    if k < 0:
                        break
                    j = k
                    continue
                j -= 1
            sep = t[j - 1] if j > 0 else ""
            if sep == "、":
                s = ex.strip_start(t, j, e, label, True)
                out.append((s, e))
                e = j - 1
                continue
            if (
                sep == ","
                and label == "PROJECT"
                and not crossed
                and e - j <= 12
                and not any(w in t[j:e] for w in ("等", "项目", "工程"))
                and self._list_left(j - 1)
            ):
                crossed = True
                s = ex.strip_start(t, j, e, label, True)
                out.append((s, e))
                e = j - 1
                continue
            # the first item: after a lead-in word
            s = ex.cut_lead(t, j, e, label)
            s = ex.strip_start(t, s, e, label, False)
            if label != "PROJECT":
                s = ex.skip_verb(t, s, e)
            if label != "PROJECT" and e - s > 6:
                s2 = ex.short_start(t, e, label, 2, 4)
                s = s2 if s2 is not None else e
            if s < e:
                out.append((s, e))
            break
        return out

    def _list_left(self, sep: int) -> bool:
        """Whether the clause before ``sep`` ends in a short 、-list item (A、B,C等)."""
        t = self.t
        j = sep
        while j > 0 and sep - j <= 12 and t[j - 1] not in _HARD and t[j - 1] not in ",(":
            if t[j - 1] == "、":
                return not any(w in t[j:sep] for w in ("等", "项目", "工程"))
            j -= 1
        return False

    def bracket_items(self, start: int) -> list[tuple[int, int]]:
        t = self.t
        close = t.find(")", start, start + 200)
        if close < 0:
            return []
        out: list[tuple[int, int]] = []
        s = start
        depth = 0
        for i in range(start, close + 1):
            c = t[i]
            if c in _HARD:
                return []
            if i == close or (c == "、" and depth == 0):
                e = i
                if t.endswith("等", s, e):
                    e -= 1
                s2 = self.ex.strip_start(t, s, e, "COMPANY", True)
                if s2 < e:
                    out.append((s2, e))
                s = i + 1
        return out

    # -- projects ---------------------------------------------------------------

    def projects(self) -> None:
        ex, t = self.ex, self.t
        if ex._p_head_re is not None:
            for m in ex._p_head_re.finditer(t):
                self.project_head(m.start(), m.end(), m.group())
        for cue in ex.rules.project_lists:
            for m in cue.pattern.finditer(t):
                if _COUNT.match(t, m.end()):
                    continue
                for s, e in self.list_before(m.start(), "PROJECT"):
                    if not t.endswith(ex._p_heads_t, s, e):
                        self.list_items.append((s, e, cue.id, m.start()))

    def project_head(self, hs: int, he: int, head: str) -> None:
        t = self.t
        if _COUNT_END.match(t, he):  # 在建项目10个
            return
        # a head inside a longer word (项目部, 工程师)
        if t.startswith(("部", "师", "组", "处", "办", "库", "化"), he):
            return
        s = self._project_start(hs)
        if s is None:
            return
        core = t[s:hs]
        if not self._project_core_ok(core, s > 0 and t[s - 1] in _MASK):
            return
        self.add(s, he, "PROJECT", f"projects.toml:head:{head}", 50)

    def _project_start(self, hs: int) -> int | None:
        ex, t = self.ex, self.t
        i = ex.walk_back(t, hs, max(0, hs - 60), stop="等的", year_lists=True, at_heads=True)
        after_sep = i > 0 and t[i - 1] == "、"
        s = ex.cut_lead(t, i, hs, "PROJECT")
        s = ex.strip_start(t, s, hs, "PROJECT", after_sep or s != i)
        while s < hs and (t[s] in _SOFT or t[s] in _HARD):  # a name never opens with a mark
            s += 1
        return s

    def _project_core_ok(self, core: str, after_mask: bool) -> bool:
        ex = self.ex
        if len(core) < 2 or _COUNT.search(core):
            return False
        g = ex._p_generic
        if core in g or _covered(core, g | ex._lead["PROJECT"]):
            return False
        # 技改项目 after a named output (年产10万吨硫酸技改项目) is a name, not a generic mention
        if core.endswith(ex._p_generic_end) and (ex._name_cue_re is None or not ex._name_cue_re.search(core)):
            return False
        if _function_word_first(core) or _nothing_named(core):
            return False
        # after a masked company name only a descriptive name stays (x智能装备产业园项目, not xx化工技改项目)
        return not after_mask or len(core) >= 6

    def list_projects(self, companies: list[_Cand]) -> None:
        """Project list items that start with a company (恒达硝基苯) or are one (远航新材料)."""
        ex, t = self.ex, self.t
        starts: dict[int, _Cand] = {}
        for comp in companies:
            if comp.start not in starts or comp.end > starts[comp.start].end:
                starts[comp.start] = comp
        by_list: dict[int, list[tuple[int, int]]] = {}
        for s, e, _, group in self.list_items:
            by_list.setdefault(group, []).append((s, e))
        for items in by_list.values():
            # a list of companies (金帆科技、宏远化工、立达等撤资项目): its other short items are companies too
            whole = [x for x in items if x[0] in starts and starts[x[0]].end == x[1]]
            if len(whole) >= 2 and len(whole) * 2 >= len(items):
                for x in items:
                    if x not in whole and 2 <= x[1] - x[0] <= 3 and _all_cjk(t[x[0] : x[1]]):
                        name = t[x[0] : x[1]]
                        if ex.company_name_ok(name) and not ex.common(name):
                            self.add(x[0], x[1], "COMPANY", "company:list", 40)
        # a list that names some of its projects by company holds such names only
        led = {group for s, _, _, group in self.list_items if s in starts}
        for s, e, rule, group in self.list_items:
            item = t[s:e]
            if len(item) < 2 or len(item) > 30 or "的" in item or item[0] in _MASK or (s > 0 and t[s - 1] in _MASK):
                continue
            c = starts.get(s)
            if c is not None and c.end < e:
                self.add(s, e, "PROJECT", rule, 45)
                continue
            # an item that is a bare company name (金帆、宏远等撤资项目) stays a company; one
            # with an industry word (远航新材料) names the project as well
            # the whole item reads as a company (industry words, list-only ones included)
            core, word = item, ""
            changed = True
            while changed:
                changed = False
                for w in ex._industry_longest:
                    if core.endswith(w) and len(core) - len(w) >= 2:
                        core, word, changed = core[: -len(w)], word or w, True
                        break
            if not word:
                if group in led and self._named_item(item):
                    self.add(s, e, "PROJECT", rule, 40)
                continue
            for k in (3, 2):
                if core[:k] in ex._places and len(core) - k >= 2:
                    core = core[k:]
                    break
            if len(core) <= 4 and ex.company_name_ok(core) and not ex.common(core):
                self.add(s, e, "PROJECT", rule, 45)
                self.add(s, e, "COMPANY", f"companies.toml:industry:{word}", 45)

    def _named_item(self, item: str) -> bool:
        """Whether a project list item opens with a name and goes on with a product (晶科电池片).

        A name is not a dictionary word of jieba at least ``max_item_word_freq``
        frequent (物流仓储扩容 and 人才公寓 open with common words: kinds of works).
        """
        ex = self.ex
        limit = ex.rules.max_item_word_freq
        if not limit or not 4 <= len(item) <= 12 or not _all_cjk(item[:2]):
            return False
        if not all(_cjk(c) or (c.isascii() and c.isalnum()) for c in item):
            return False
        head = item[:2]
        if not ex.company_name_ok(head) or (_jieba().FREQ.get(head) or 0) >= limit:
            return False
        return not _covered(item, ex._p_generic | ex._lead["PROJECT"]) and not ex.all_common(item)

    def common_prefixes(self, known: set[str]) -> set[str]:
        """Short names shared by two project list items with different products (瑞康维生素, 瑞康氨基酸)."""
        t, ex = self.t, self.ex
        items = {t[s:e] for s, e, _, _ in self.list_items if e - s >= 4}
        # two items share exactly the prefix p when they go on with different characters;
        # grouping by prefix keeps this linear in the number of items (no pairs)
        nexts: dict[str, set[str]] = {}
        for a in items:
            for n in (2, 3, 4):
                if len(a) - n < 2 or a.startswith(ex._pl_heads_t, n):
                    continue
                nexts.setdefault(a[:n], set()).add(a[n])
        out: set[str] = set()
        for p, chars in nexts.items():
            if len(chars) < 2 or p in known or not _all_cjk(p) or not ex.company_name_ok(p):
                continue
            out.add(p)
        return out

    def phases(self, known: set[str]) -> None:
        """A company and a phase (华晨二期): the company is known, or stands first in a list item."""
        ex, t = self.ex, self.t
        for cue in ex.rules.phases:
            for m in cue.pattern.finditer(t):
                ps = m.start()
                s = ex.short_start(t, ps, "COMPANY", 2, 3, place=False)
                if s is None:
                    continue
                name = t[s:ps]
                if name not in known and not (s > 0 and t[s - 1] == "、"):
                    continue
                if not ex.company_name_ok(name) or (s > 0 and t[s - 1] in _MASK):
                    continue
                self.add(s, ps, "COMPANY", cue.id, 40)
                self.add(s, m.end(), "PROJECT", cue.id, 40)

    # -- water and places --------------------------------------------------------

    def water(self) -> None:
        ex, t = self.ex, self.t
        if ex._w_head_re is not None:
            for m in ex._w_head_re.finditer(t):
                hs, he, head = m.start(), m.end(), m.group()
                if t.startswith(ex._w_not_after, he) and not t.startswith(ex._w_allow_after, he):
                    continue
                hi = ex._w_heads[head]
                s = ex.short_start(t, hs, "WATER", 2, hi, place=False)
                prio = 50
                if s is None:
                    s = ex.verb_start(t, hs, 2)
                    prio = 30
                    if s is None:
                        continue
                name = t[s:hs]
                if not self._water_name_ok(name, head):
                    continue
                self.add(s, self._section(he), "WATER", f"water.toml:head:{head}", prio)
        for cue in ex.rules.water_numbered:
            for m in cue.pattern.finditer(t):
                if m.start() > 0 and t[m.start() - 1] in "第":
                    continue
                if not _NUMERAL.match(t, m.start()) and (
                    not ex.bound(t, m.start(), "WATER")
                    or (t.startswith(ex._w_not_after, m.end()) and not t.startswith(ex._w_allow_after, m.end()))
                ):
                    continue
                self.add(m.start(), self._section(m.end()), "WATER", cue.id, 55)

    def _water_name_ok(self, name: str, head: str) -> bool:
        ex = self.ex
        if not _all_cjk(name) or name in ex._w_generic or (name + head) in ex._places:
            return False
        # 入河, 沿线支渠, 河湖: a preposition or another head right before the head
        if name[0] in ex._w_generic or name[-1] in ex._w_generic or (name[-1] + head) in ex._w_generic:
            return False
        if _covered(name, ex._w_generic | ex._lead["WATER"] | ex._p_generic):
            return False
        if any(w in name for w in ex._lead_multi["WATER"]) or any(c in name for c in "的和与及等了在是对"):
            return False
        # a head doubled is a water body and what follows it (西干渠 in 西干渠渠首)
        return not name.endswith(head)

    def _section(self, end: int) -> int:
        t = self.t
        for cue in self.ex.rules.water_sections:
            m = cue.pattern.match(t, end)
            # the section may run on into the works named after it (白沙河柳湾段生态护岸工程)
            if m and not any(c in m.group() for c in "的和与及等了在是对"):
                return m.end()
        return end

    def places(self) -> None:
        ex, t = self.ex, self.t
        if ex._pl_head_re is None:
            return
        for m in ex._pl_head_re.finditer(t):
            hs, he, head = m.start(), m.end(), m.group()
            if t.startswith(ex._pl_not_after, he):
                continue
            hi, masked = ex._pl_heads[head]
            s: int | None
            if masked and hs > 0 and t[hs - 1] in _MASK:
                s = hs
                while s > 0 and t[s - 1] in _MASK and hs - s < 8:
                    s -= 1
                self.add(s, he, "PLACE", f"places.toml:head:{head}", 50)
                continue
            s = ex.short_start(t, hs, "PLACE", 2, hi, place=False)
            if s is None:
                s = ex.verb_start(t, hs, 2)  # 深入红旗村: a verb that jieba knows before the name
                if s is None:
                    continue
            name = t[s:hs]
            if not _all_cjk(name) or name in ex._pl_generic or name[-1] in "的和与及等了在是对各全本我该":
                continue
            if name[0] in ex._pl_generic or name.endswith(ex._pl_generic_long):
                continue
            if any(w in name for w in ex._lead_multi["PLACE"]) or any(
                (name + head).endswith(w) for w in ex._pl_generic_long if len(w) > len(head)
            ):
                continue
            # a village named by one word (前进村, 红旗社区) is common in every county
            word_name = head in ex._pl_word_heads and len(name) == 2 and _is_word(name)
            if name not in ex._places and not word_name and _common_not_place(name, ex.rules.max_name_freq):
                continue
            if _verb_then_generic(name, ex._pl_generic):  # 整合园区, 优化园区: an action on a generic place
                continue
            self.add(s, he, "PLACE", f"places.toml:head:{head}", 50)

    def gazetteers(self) -> None:
        ex, t = self.ex, self.t
        if ex._gaz_re is not None:
            for m in ex._gaz_re.finditer(t):
                name = m.group()
                label = ex._gaz[name]
                he = m.end()
                if t.startswith(ex._gaz_not_after.get(label, ()), he):
                    continue
                # a place name inside a word is no place (西安 in 城西安置)
                if label == "PLACE" and not ex.bound(t, m.start(), label):
                    continue
                self.add(m.start(), he, label, f"{GAZETTEER_FILES[label]}", 55)
        if ex._user_re is not None:
            for m in ex._user_re.finditer(t):
                for label in ex._users[m.group()]:
                    self.add(m.start(), m.end(), label, "gazetteer", 100)

    # -- resolution ---------------------------------------------------------------

    def resolve(self, label: str) -> list[_Cand]:
        pool = sorted(
            (c for c in self.cands if c.label == label),
            key=lambda c: (c.prio < 100, -(c.end - c.start), -c.prio, c.start),
        )
        chosen: list[_Cand] = []
        # every candidate is short (its walk back is bounded), so marking and testing
        # its characters costs a constant per candidate
        occupied = bytearray(len(self.t))
        for c in pool:
            if 1 in occupied[c.start : c.end]:
                continue
            chosen.append(c)
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        return chosen

    def propagate(self, companies: list[_Cand], extra: set[str]) -> None:
        """Find again, anywhere in the report, the companies found once."""
        ex, t = self.ex, self.t
        names: set[str] = set(extra)
        for c in companies:
            if c.prio < 40:
                continue
            name = t[c.start : c.end]
            names.add(name)
            short = _short_name(name, ex)
            if short and not ex.common(short):
                names.add(short)
        names = {n for n in names if len(n) >= 2 and _all_cjk(n)}
        if not names:
            return
        pattern = re.compile(_alternation(names))
        stop = (*ex._pl_heads, "路", "街", "大道", "桥", "社")
        for m in pattern.finditer(t):
            s, e = m.start(), m.end()
            if t.startswith(stop, e):
                continue
            if s > 0 and t[s - 1] in _MASK:
                continue
            self.add(s, e, "COMPANY", "company:again", 20)

    def run(self) -> tuple[Entity, ...]:
        t = self.t
        self.companies()
        self.projects()
        self.gazetteers()
        first = self.resolve("COMPANY")
        known = {t[c.start : c.end] for c in first}
        shared = self.common_prefixes(known)
        self.phases(known | shared)
        self.propagate(self.resolve("COMPANY"), shared)
        self.list_projects(self.resolve("COMPANY"))
        self.water()
        self.places()
        out: list[Entity] = []
        original = self.norm.original
        bare = {"COMPANY": self.ex._suffixes, "PROJECT": self.ex._p_heads}
        for label in _LABELS:
            for c in self.resolve(label):
                if t[c.start : c.end] in bare.get(label, ()):  # a suffix or a head alone names nothing
                    continue
                s, e = self.norm.to_original(c.start), self.norm.to_original(c.end)
                out.append(Entity(s, e, original[s:e], Label(label), t[c.start : c.end], c.rule))
        out.sort(key=lambda x: (x.start, x.end, x.label.value))
        return tuple(out)


def _short_name(name: str, ex: EntityExtractor) -> str:
    """The short form of a company name: no place before it, no suffix after it."""
    name = _drop_bracket(name)
    for k in (4, 3, 2):
        if name[:k] in ex._places or (k == 3 and name[2:3] in "省市县" and len(name) > 5):
            name = name[k:]
            break
    changed = True
    while changed:
        changed = False
        for w in ex._suffixes_longest:
            if name.endswith(w) and len(name) - len(w) >= 2:
                name = name[: -len(w)]
                changed = True
                break
    if 2 <= len(name) <= 4 and ex.company_name_ok(name):
        return name
    return ""


@cache
def default_extractor() -> EntityExtractor:
    """The extractor with the package's rules and no user gazetteer, built once."""
    return EntityExtractor()


def extract_entities(norm: Normalized, gazetteer: Mapping[str, Iterable[str]] | None = None) -> tuple[Entity, ...]:
    """The entities of ``norm``, sorted by offset; ``gazetteer`` adds names by label."""
    if gazetteer:
        return _extractor_for(tuple((k, tuple(v)) for k, v in gazetteer.items())).extract(norm)
    return default_extractor().extract(norm)


@lru_cache(maxsize=16)
def _extractor_for(gazetteer: tuple[tuple[str, tuple[str, ...]], ...]) -> EntityExtractor:
    return EntityExtractor(gazetteer=dict(gazetteer))
