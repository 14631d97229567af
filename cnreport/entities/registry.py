"""The label registry: one module per label, each with its rule file.

A label module proposes candidate spans from its rules (high recall), adds the
features that only it knows, and names its rule file and the schema of that
file's tables.  The shared features, the model and the decoding live in
``core.py``; a new label is one module that subclasses ``LabelModule``, one
rule file, and one ``register`` call (or an entry in ``BUILTIN``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..lazy import once
from ..loader import Example, RuleError, UniqueSurfaces, entries, examples, name_words, rule_files, where
from ..types import Label

if TYPE_CHECKING:
    from .core import Run
    from .toolkit import Candidate

__all__ = ["HeadRule", "LabelModule", "Table", "modules", "pattern_union", "register"]

# what a key of a rule table may hold
_TYPES: dict[str, tuple[type, ...]] = {
    "words": (list,),
    "examples": (list,),
    "pattern": (str,),
    "id": (str,),
    "class": (str,),
    "min_name": (int,),
    "max_name": (int,),
    "labels": (list,),
    "note": (str,),
    "heads_only": (bool,),
    "then": (list,),
    "gazetteer": (str,),
}


@dataclass(frozen=True, slots=True)
class Table:
    """The declared schema of one ``[[table]]``: its required and optional keys."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    unique: bool = True  # whether a word may stand in one entry of this table only


@dataclass(frozen=True, slots=True)
class HeadRule:
    """Words that close a name (科技, 项目, 河, 镇), with the length its own part may have."""

    words: tuple[str, ...]
    cls: str
    min_name: int
    max_name: int


def read_table(file: str, table: Table, exs: list[Example]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, entry)`` for each entry of ``table`` in every copy of ``file``, checked
    against the table's schema: unknown keys, missing keys, wrong types, duplicate
    words and bad patterns raise ``RuleError`` naming the file and the entry."""
    allowed = {*table.required, *table.optional, "examples"}
    seen = UniqueSurfaces(f"{table.name} word")
    for source, i, entry in entries(file, table.name):
        at = where(source, table.name, i, entry)
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise RuleError(f"{at}: unknown key {unknown[0]!r} (a [[{table.name}]] entry takes {sorted(allowed)})")
        for key in table.required:
            if key not in entry:
                raise RuleError(f"{at}: missing {key!r}")
        for key, value in entry.items():
            kinds = _TYPES.get(key, (object,))
            if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
                raise RuleError(f"{at}: {key!r} must be {' or '.join(k.__name__ for k in kinds)}")
        for key in ("words", "labels", "then"):
            if key in entry and not all(isinstance(w, str) and w.strip() == w and w for w in entry[key]):
                raise RuleError(f"{at}: {key!r} must be a list of non-empty strings without spaces around them")
        if "pattern" in entry:
            try:
                re.compile(entry["pattern"])
            except re.error as exc:
                raise RuleError(f"{at}: bad regex {entry['pattern']!r}: {exc}") from None
        for key in ("min_name", "max_name"):
            if key in entry and not 0 <= entry[key] <= 60:
                raise RuleError(f"{at}: {key!r} must be between 0 and 60")
        if table.unique and "words" in entry:
            seen.add(name_words(entry, at), at)  # with then, the names the entry stands for, not its parts
        exs.extend(examples(entry, at))
        yield at, entry


def words_of(file: str, table: Table, exs: list[Example]) -> tuple[str, ...]:
    """All words of ``table`` (a plain word list table)."""
    out: list[str] = []
    for _at, entry in read_table(file, table, exs):
        out.extend(entry["words"])
    return tuple(out)


def heads_of(
    file: str,
    table: Table,
    exs: list[Example],
    *,
    min_name: int,
    max_name: int,
    gazetteer: Callable[[str], Iterable[str]],
) -> tuple[HeadRule, ...]:
    """The ``[[head]]`` entries of ``file``.  An entry holds its ``words``, or names a shipped
    list with ``gazetteer`` (read through ``gazetteer(name)``, each list once): then its words
    are the list's, less those the entries with ``words`` hold in any copy of the file (the
    rules' and a rule pack's own classes win) and those an earlier list gave."""
    read = []
    for at, entry in read_table(file, table, exs):
        lo, hi = entry.get("min_name", min_name), entry.get("max_name", max_name)
        if lo > hi:
            raise RuleError(f"{at}: min_name is above max_name")
        if ("words" in entry) == ("gazetteer" in entry):
            raise RuleError(f"{at}: a [[{table.name}]] entry takes 'words' or 'gazetteer', one of them")
        read.append((at, entry, lo, hi))
    taken = {w for _at, entry, _lo, _hi in read for w in entry.get("words", ())}
    named: dict[str, str] = {}
    out = []
    for at, entry, lo, hi in read:
        if "words" in entry:
            words = tuple(entry["words"])
        else:
            name = entry["gazetteer"]
            if not re.fullmatch(r"[a-z_]+", name):
                raise RuleError(f"{at}: 'gazetteer' names a list of cnreport/entities/data by its stem (trades)")
            if name in named:
                raise RuleError(f"{at}: the list {name!r} is already named at {named[name]}")
            named[name] = at
            try:
                listed = gazetteer(name)
            except (OSError, ValueError):
                raise RuleError(f"{at}: no shipped list {name!r} in cnreport/entities/data") from None
            words = tuple(w for w in listed if w not in taken)  # each word closes names of one class
            taken.update(words)
        out.append(HeadRule(words, entry.get("class", "head"), lo, hi))
    return tuple(out)


def patterns_of(file: str, table: Table, exs: list[Example]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``(id, compiled pattern)`` of each entry of a pattern table."""
    out = []
    for at, entry in read_table(file, table, exs):
        out.append((entry.get("id") or at.rsplit(" ", 1)[-1], re.compile(entry["pattern"])))
    return tuple(out)


def pattern_union(file: str, table: Table, exs: list[Example]) -> re.Pattern[str] | None:
    """One pattern matching what any entry of a pattern table matches (the entries tried in
    their order), or None for an empty table."""
    pats = [p.pattern for _id, p in patterns_of(file, table, exs)]
    return re.compile("|".join(f"(?:{p})" for p in pats)) if pats else None


class LabelModule:
    """One entity label: its rules, its candidates and its own features.

    Subclasses set ``label``, ``rule_file`` and ``tables``, read their rules in
    ``__init__`` (through ``read_table`` and friends, collecting the entries'
    examples in ``self.examples``), and implement ``propose`` and ``features``.
    """

    label: ClassVar[Label]
    rule_file: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]] = ()

    def __init__(self) -> None:
        self.examples: list[Example] = []
        known = {t.name for t in self.tables}
        for source, data in rule_files(self.rule_file):
            for key in data:
                if key not in known:
                    raise RuleError(f"{source}: unknown table [[{key}]] (this file takes {sorted(known)})")

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def propose(self, run: Run) -> Iterable[Candidate]:  # pragma: no cover - abstract
        raise NotImplementedError

    def features(self, run: Run, c: Candidate) -> list[str]:
        """Features only this label knows (the shared ones come from ``core``)."""
        return []

    # the kinds (the part before ``=``) of the features ``late_features`` gives, one of each
    late: ClassVar[tuple[str, ...]] = ()

    def late_features(self, run: Run, c: Candidate) -> list[str]:
        """Costly features of this label, one of each kind in ``late``: the model reads them
        only for a candidate that the best weights of these kinds could still lift over
        the label's threshold (the others are rejected without them, with the same result)."""
        return []

    def admissible(self, run: Run, c: Candidate) -> bool:
        """Whether a proposal can be a name of this label at all (the hard limits of its rules)."""
        return True

    def widen(self, run: Run, chosen: list[Candidate]) -> list[Candidate]:
        """``chosen`` with the names the rules read on past where the model took them (a branch
        after its firm's registered name); as they are, for most labels."""
        return chosen

    # a proposal in a 、-list next to an item the model took is taken too when it scores at least
    # this fraction of the label's threshold (0: never)
    list_floor: ClassVar[float] = 0.0
    # in a 、-list whose items a taken name opens (甲某某项目、乙某某项目), the opening of another
    # item is taken too when it scores at least this fraction of the threshold (0: never); it
    # works with ``list_floor``
    opening_floor: ClassVar[float] = 0.0
    # a proposal in such a list that reads as no common words (a brand: 庆铃, 上汽红岩; see
    # ``Lexicon.plain``) is taken from this lower fraction of the threshold (0: from ``list_floor``)
    name_list_floor: ClassVar[float] = 0.0

    # the proposals of a name proposed at two places or more, each scoring at least this, are
    # scored together: each gets the likelihood that one of them at least is the label's (a firm
    # named in three slots of firms, each too weakly alone; ``_pool_mentions``); 0: never
    mention_pool: ClassVar[float] = 0.0

    # a name the model took with a score under this is dropped where the text's other proposals
    # of the same name disagree: proposed at two places or more, their best scores average under
    # the label's threshold (a sector taken once as a firm, 康养食品, and read as a sector
    # everywhere else); 0: never
    agreement_cap: ClassVar[float] = 0.0

    # a name the model took with a score under this is dropped where it stands in a 、-list with
    # two other items or more that mostly read as common words and that none of the label's
    # proposals scores 0.1 for (玉石珠宝 among 户外运动、玉石珠宝、国际贸易: a sector among
    # sectors, as a grain among grains); 0: never
    plain_list_cap: ClassVar[float] = 0.0

    # the labels (their values, decided before this one) that never give a name the same span as
    # this one (a river and a place: 龙江, 唐河): ``Run.exclusive`` settles each name both took
    exclusive_with: ClassVar[tuple[str, ...]] = ()

    # the sources of this label's proposals that take their own span only, from any label of
    # ``exclusive_with``: a city's name among rivers names the river there (黑河 beside 疏勒河),
    # not in every place the text names it, as a name ``Run.exclusive`` settles would
    local_sources: ClassVar[tuple[str, ...]] = ()

    # the labels (their values, decided after this one) inside whose accepted names this label
    # names nothing: a river's name inside a firm's (长江 of 长江存储, 黄河 of 黄河鑫业) is the
    # firm's word, not the river; such a name of this label is dropped once that label is decided
    never_inside: ClassVar[tuple[str, ...]] = ()

    # the labels (their values, decided after this one) whose accepted names this label's names
    # never close from inside: a place that ends a longer river's name is the river's tail (兰溪
    # of 木兰溪, 阳江 of 浦阳江); such a name of this label is dropped once that label is decided
    never_closing: ClassVar[tuple[str, ...]] = ()

    # whether a passing proposal inside a longer passing one gives way to it whatever their
    # scores (a division inside the named area it opens: 海南 in 海南自由贸易港)
    containers_first: ClassVar[bool] = False

    # whether the model reads the characters of a name one by one (``ch=`` features): they tell
    # a firm's or a works' name from a phrase, and learn the training regions' own names where a
    # list of names decides (places, water bodies: cross-validated without them, windows and
    # development set PLACE 0.884 -> 0.887, WATER 0.882 -> 0.886; COMPANY 0.762 -> 0.748 and
    # PROJECT 0.768 -> 0.760 when no label has them)
    char_features: ClassVar[bool] = True

    # whether what ``sure`` accepts also wins over overlapping proposals the model likes better
    # (a known river with its direction: the model prefers the shorter name it was trained on)
    sure_wins: ClassVar[bool] = False
    # whether what ``sure`` accepts wins over a shorter proposal chosen from its start, where no
    # other chosen proposal overlaps it (a registered name over the short name it opens with)
    sure_over_short: ClassVar[bool] = False

    def sure(self, run: Run, c: Candidate) -> bool:
        """Whether the rules alone are sure of a proposal (a registered company name): it is
        taken whatever the model says, unless an overlapping proposal scores higher (unless
        ``sure_wins``, or ``sure_over_short`` and that proposal is its short name)."""
        return False


_REGISTRY: dict[str, type[LabelModule]] = {}


def register(module: type[LabelModule]) -> type[LabelModule]:
    """Add a label module (usable as a class decorator); a label registers once."""
    key = module.label.value
    if key in _REGISTRY and _REGISTRY[key] is not module:
        raise ValueError(f"label {key} is already registered by {_REGISTRY[key].__name__}")
    _REGISTRY[key] = module
    modules.cache_clear()
    return module


@once
def modules() -> tuple[LabelModule, ...]:
    """One instance of every registered label module, in the order labels are decided.

    Places and water come first: companies and projects use them as features.
    """
    from . import company, place, project, water  # noqa: F401  (they register themselves)

    order = {"PLACE": 0, "WATER": 1, "COMPANY": 2, "PROJECT": 3}
    ordered = sorted(_REGISTRY.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))
    for k, (key, cls) in enumerate(ordered):
        earlier = {other for other, _cls in ordered[:k]}
        unknown = [label for label in cls.exclusive_with if label not in earlier]
        if unknown:
            raise ValueError(
                f"{cls.__name__}.exclusive_with names {unknown}: "
                f"it takes labels decided before {key} ({sorted(earlier)})"
            )
        later = {other for other, _cls in ordered[k + 1 :]}
        for attr in ("never_inside", "never_closing"):
            unknown = [label for label in getattr(cls, attr) if label not in later]
            if unknown:
                raise ValueError(
                    f"{cls.__name__}.{attr} names {unknown}: it takes labels decided after {key} ({sorted(later)})"
                )
    return tuple(cls() for _key, cls in ordered)
