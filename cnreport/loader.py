"""Loading the rule data in ``cnreport/rules/`` and in third-party rule packs.

Rules are TOML files.  The package ships its own in ``cnreport/rules/``; a
rule pack is any installed distribution that declares an entry point in the
``cnreport.rules`` group whose object is the path of a directory holding
files of the same names (``units.toml``, ``measure_words.toml``,
``companies.toml`` ...).  Entries of a pack are added to the built-in ones;
a surface that two entries claim is an error naming both places.

Every file is read once per process (``functools.cache``) into immutable
tuples.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from .types import Approx, Kind

__all__ = [
    "ENTRY_POINT_GROUP",
    "Example",
    "QualifierRule",
    "QuantityRules",
    "RuleError",
    "UnitRule",
    "quantity_rules",
    "rule_files",
    "table_words",
    "word_entries",
]

ENTRY_POINT_GROUP = "cnreport.rules"


class RuleError(ValueError):
    """A rule file is malformed: the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Example:
    """An example a rule entry carries; the test suite runs every one.

    ``fields`` holds the expected values (``span``, ``value``, ``unit``,
    ``label`` ...); their meaning depends on the file, see docs/rules.md.
    """

    text: str
    fields: tuple[tuple[str, Any], ...]
    source: str

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.fields).get(key, default)


def _pack_dirs() -> list[tuple[str, Path]]:
    dirs: list[tuple[str, Path]] = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        target = ep.load()
        path = Path(target() if callable(target) else target)
        if not path.is_dir():
            raise RuleError(f"rule pack {ep.name!r} ({ep.value}) points to {path}, which is not a directory")
        dirs.append((ep.name, path))
    return dirs


@cache
def rule_files(name: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every parsed copy of the rule file ``name``: the package's own first, then each pack's.

    Each item is ``(source, data)`` where ``source`` names the file for error messages.
    """
    out: list[tuple[str, dict[str, Any]]] = []
    builtin = resources.files("cnreport") / "rules" / name
    if builtin.is_file():
        out.append((f"cnreport/rules/{name}", _parse(builtin.read_text(encoding="utf-8"), f"cnreport/rules/{name}")))
    for pack, path in _pack_dirs():
        f = path / name
        if f.is_file():
            out.append((f"{pack}:{f}", _parse(f.read_text(encoding="utf-8"), f"{pack}:{f}")))
    return tuple(out)


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: {exc}") from None


def entries(name: str, table: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """``(source, index, entry)`` for each ``[[table]]`` entry of every copy of ``name``."""
    for source, data in rule_files(name):
        items = data.get(table, [])
        if not isinstance(items, list):
            raise RuleError(f"{source}: [[{table}]] must be an array of tables")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise RuleError(f"{source}: {table} #{i + 1} must be a table")
            yield source, i, item


def where(source: str, table: str, index: int, entry: dict[str, Any]) -> str:
    """A readable location of an entry for error messages."""
    tag = entry.get("word") or entry.get("id") or entry.get("surfaces") or entry.get("words") or ""
    if isinstance(tag, list):  # a long word list is named by its first words
        tag = "/".join(str(w) for w in tag[:3]) + ("/…" if len(tag) > 3 else "")
    return f"{source}: {table} #{index + 1} {tag}".rstrip()


def require(entry: dict[str, Any], key: str, kind: type | tuple[type, ...], at: str) -> Any:
    """``entry[key]`` checked for type, or a RuleError naming the entry."""
    if key not in entry:
        raise RuleError(f"{at}: missing {key!r}")
    value = entry[key]
    if not isinstance(value, kind):
        raise RuleError(f"{at}: {key!r} must be {kind}, got {type(value).__name__}")
    return value


def string_list(entry: dict[str, Any], key: str, at: str, *, required: bool = False) -> tuple[str, ...]:
    """A list of non-empty strings, or a RuleError naming the entry."""
    if key not in entry:
        if required:
            raise RuleError(f"{at}: missing {key!r}")
        return ()
    value = entry[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{at}: {key!r} must be a list of non-empty strings")
    return tuple(value)


def regex(entry: dict[str, Any], key: str, at: str) -> re.Pattern[str] | None:
    """A compiled pattern from ``entry[key]``, or a RuleError naming the entry."""
    if key not in entry:
        return None
    try:
        return re.compile(require(entry, key, str, at))
    except re.error as exc:
        raise RuleError(f"{at}: bad regex {entry[key]!r}: {exc}") from None


def examples(entry: dict[str, Any], at: str, defaults: dict[str, Any] | None = None) -> tuple[Example, ...]:
    """The entry's examples; every entry must have at least one.

    ``defaults`` are expected fields an example has unless it says otherwise
    (a unit entry's kind and unit)."""
    raw = entry.get("examples")
    if not isinstance(raw, list) or not raw:
        raise RuleError(f"{at}: every entry needs a non-empty 'examples' list")
    out = []
    for ex in raw:
        if isinstance(ex, str):
            ex = {"text": ex}
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
            raise RuleError(f"{at}: each example needs a 'text' string")
        fields = {**(defaults or {}), **{k: v for k, v in ex.items() if k != "text"}}
        out.append(Example(ex["text"], tuple(sorted(fields.items())), at))
    return tuple(out)


def word_entries(
    file: str, table: str, seen: UniqueSurfaces, exs: list[Example], key: str = "words", *, scope: str = ""
) -> Iterator[tuple[str, dict[str, Any], tuple[str, ...]]]:
    """``(where, entry, words)`` for each ``[[table]]`` entry of every copy of ``file``.

    The entry's ``key`` list is required and checked unique in ``seen`` (within
    ``scope`` when one is given, so one ``seen`` can serve several tables); its
    examples are added to ``exs``.
    """
    for source, i, entry in entries(file, table):
        at = where(source, table, i, entry)
        words = string_list(entry, key, at, required=True)
        seen.add((f"{scope}:{w}" for w in words) if scope else words, at)
        exs.extend(examples(entry, at))
        yield at, entry, words


def table_words(file: str, table: str, keys: Iterable[str], exs: list[Example]) -> dict[str, list[str]]:
    """The word lists ``keys`` of the plain ``[table]`` of every copy of ``file``,
    joined across copies; the table's examples are added to ``exs``."""
    out: dict[str, list[str]] = {key: [] for key in keys}
    for source, data in rule_files(file):
        section = data.get(table)
        if section is None:
            continue
        at = f"{source}: [{table}]"
        for key in out:
            out[key].extend(string_list(section, key, at))
        exs.extend(examples(section, at))
    return out


class UniqueSurfaces:
    """Rejects a surface that a second entry claims."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.seen: dict[str, str] = {}

    def add(self, surfaces: Iterable[str], at: str) -> None:
        for s in surfaces:
            if s in self.seen:
                raise RuleError(f"{at}: {self.what} {s!r} is already defined at {self.seen[s]}")
            self.seen[s] = at


# ---------------------------------------------------------------------------
# quantity rules

_AFTER = {"any", "arabic", "single_digit"}


@dataclass(frozen=True, slots=True)
class UnitRule:
    """A unit or measure word and what it makes of the number before it."""

    surface: str
    kind: Kind
    unit: str
    factor: int = 1
    not_before: tuple[str, ...] = ()
    after: str = "any"
    where: str = ""
    not_after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QualifierRule:
    word: str
    position: str
    approx: Approx
    not_after: tuple[str, ...] = ()
    where: str = ""


@dataclass(frozen=True, slots=True)
class QuantityRules:
    """All the data the quantity matcher is built from."""

    units: tuple[UnitRule, ...]
    scales: tuple[tuple[str, int], ...]
    qualifiers: tuple[QualifierRule, ...]
    phrases: tuple[str, ...]
    money_cues: tuple[str, ...]
    vague: tuple[str, ...] = ()
    slogan_tags: tuple[str, ...] = ()
    slogan_units: tuple[str, ...] = ()
    examples: tuple[Example, ...] = field(default=(), repr=False)


def _unit_rules(unique: UniqueSurfaces, exs: list[Example]) -> list[UnitRule]:
    out: list[UnitRule] = []
    for source, i, entry in entries("units.toml", "unit"):
        at = where(source, "unit", i, entry)
        surfaces = string_list(entry, "surfaces", at, required=True)
        kind_name = require(entry, "kind", str, at)
        try:
            kind = Kind(kind_name)
        except ValueError:
            raise RuleError(f"{at}: kind {kind_name!r} is not one of {[k.value for k in Kind]}") from None
        unit = require(entry, "unit", str, at)
        factor = entry.get("factor", 1)
        if not isinstance(factor, int) or factor <= 0:
            raise RuleError(f"{at}: 'factor' must be a positive integer")
        after = entry.get("after", "any")
        if after not in _AFTER:
            raise RuleError(f"{at}: 'after' must be one of {sorted(_AFTER)}")
        not_before = string_list(entry, "not_before", at)
        not_after = string_list(entry, "not_after", at)
        unique.add(surfaces, at)
        exs.extend(examples(entry, at, {"kind": kind.value, "unit": unit}))
        out.extend(UnitRule(s, kind, unit, factor, not_before, after, at, not_after) for s in surfaces)
    for source, i, entry in entries("measure_words.toml", "measure"):
        at = where(source, "measure", i, entry)
        word = require(entry, "word", str, at)
        after = entry.get("after", "any")
        if after not in _AFTER:
            raise RuleError(f"{at}: 'after' must be one of {sorted(_AFTER)}")
        unique.add([word], at)
        exs.extend(examples(entry, at, {"kind": Kind.COUNT.value, "unit": word}))
        out.append(UnitRule(word, Kind.COUNT, word, 1, string_list(entry, "not_before", at), after, at))
    return out


@cache
def quantity_rules() -> QuantityRules:
    """The quantity rules of the package and of every installed rule pack."""
    exs: list[Example] = []
    units = _unit_rules(UniqueSurfaces("unit"), exs)

    scales: list[tuple[str, int]] = []
    seen_scales = UniqueSurfaces("scale word")
    for source, i, entry in entries("scales.toml", "scale"):
        at = where(source, "scale", i, entry)
        word = require(entry, "word", str, at)
        factor = require(entry, "factor", int, at)
        seen_scales.add([word], at)
        exs.extend(examples(entry, at))
        scales.append((word, factor))

    qualifiers: list[QualifierRule] = []
    seen_q = UniqueSurfaces("qualifier")
    for source, i, entry in entries("qualifiers.toml", "qualifier"):
        at = where(source, "qualifier", i, entry)
        words = string_list(entry, "words", at, required=True)
        position = require(entry, "position", str, at)
        if position not in ("before", "inside", "after"):
            raise RuleError(f"{at}: 'position' must be before, inside or after")
        try:
            approx = Approx(require(entry, "approx", str, at))
        except ValueError:
            raise RuleError(f"{at}: approx must be one of {[a.value for a in Approx]}") from None
        seen_q.add((f"{position}:{w}" for w in words), at)  # 多 may be inside and before
        exs.extend(examples(entry, at))
        qualifiers.extend(QualifierRule(w, position, approx, string_list(entry, "not_after", at), at) for w in words)

    phrases: list[str] = []
    for _at, _entry, words in word_entries("not_quantities.toml", "phrase", UniqueSurfaces("phrase"), exs):
        phrases.extend(words)

    cues = table_words("units.toml", "bare_scale_money", ["cues"], exs)["cues"]
    vague = table_words("not_quantities.toml", "vague", ["before"], exs)["before"]
    slogan = table_words("not_quantities.toml", "slogan", ["tags", "units"], exs)
    tags, slogan_units = slogan["tags"], slogan["units"]

    return QuantityRules(
        tuple(units),
        tuple(scales),
        tuple(qualifiers),
        tuple(phrases),
        tuple(cues),
        tuple(vague),
        tuple(tags),
        tuple(slogan_units),
        tuple(exs),
    )
