"""Loading the rule data in ``cnreport/rules/`` and in third-party rule packs.

Rules are TOML files.  The package ships its own in ``cnreport/rules/``; a
rule pack is any installed distribution that declares an entry point in the
``cnreport.rules`` group whose object is the path of a directory holding
files of the same names (``units.toml``, ``measure_words.toml``,
``companies.toml`` ...).  Entries of a pack are added to the built-in ones;
a surface that two entries claim is an error naming both places.

Every file is read once per process (``functools.cache``) into immutable
tuples.

A pack that cannot be used is left out, and the library goes on with the
built-in rules and the other packs: an entry point that fails to import, a
directory that is missing, a rule file that cannot be read, is not UTF-8 or
not TOML, or an entry that the rules reject (a missing ``examples``, a word
another entry claims).  Each pack left out is reported once per process, as a
:class:`RulePackWarning` naming the pack, the file and the fault (turn it into
an error with ``warnings.simplefilter("error", RulePackWarning)`` while writing
a pack).  ``CNREPORT_NO_PACKS=1`` in the environment (the command line's
``--no-packs``) turns every pack off.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from .lazy import BUILD_LOCK, once
from .types import Approx, Kind

__all__ = [
    "ENTRY_POINT_GROUP",
    "NO_PACKS_ENV",
    "Example",
    "Pack",
    "QualifierRule",
    "QuantityRules",
    "RuleError",
    "RulePackWarning",
    "UnitRule",
    "forget_rules",
    "on_forget",
    "packs",
    "quantity_rules",
    "rule_files",
    "table_words",
    "tolerate_packs",
    "word_entries",
]

ENTRY_POINT_GROUP = "cnreport.rules"
NO_PACKS_ENV = "CNREPORT_NO_PACKS"
"""The environment variable that turns rule packs off (``1``, ``true``, ``yes`` or ``on``)."""


class RuleError(ValueError):
    """A rule file is malformed: the message names the file and the entry."""


class RulePackWarning(UserWarning):
    """A rule pack was left out: the message names the pack, the file and the fault."""


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


# ---------------------------------------------------------------------------
# rule packs


@dataclass(frozen=True, slots=True)
class Pack:
    """A rule pack in use: its entry-point name, its directory and its parsed files by name."""

    name: str
    path: Path
    files: tuple[tuple[str, dict[str, Any]], ...] = field(repr=False)

    def source(self, file: str) -> str:
        """How messages name one of the pack's files."""
        return f"{self.name}:{self.path / file}"


class _PackFault(Exception):
    """Why a pack cannot be used; the message names the file."""


_lock = BUILD_LOCK  # the lock of every lazily built value: one lock, so that builds cannot deadlock
_left_out: dict[str, str] = {}  # pack name -> why, once per process
_noted: set[str] = set()
_forget: list[Callable[[], object]] = []


def _note(message: str) -> None:
    """A RulePackWarning, once per process."""
    with _lock:
        if message in _noted:
            return
        _noted.add(message)
    warnings.warn(message, RulePackWarning, stacklevel=3)


def _packs_off() -> bool:
    return os.environ.get(NO_PACKS_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _leave_out(name: str, why: str) -> None:
    """Report a pack once and keep it out from now on."""
    with _lock:
        if name in _left_out:
            return
        _left_out[name] = why
    _note(
        f"rule pack {name!r} left out, the built-in rules go on without it: {why} "
        f"(fix the pack, uninstall it, or set {NO_PACKS_ENV}=1)"
    )


def _pack_dirs() -> list[tuple[str, Path]]:
    """``(name, directory)`` of every entry point in the ``cnreport.rules`` group that
    loads; one that fails to load is reported and left out."""
    dirs: list[tuple[str, Path]] = []
    try:
        found = list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    except Exception as exc:  # a broken distribution's metadata
        _note(f"rule packs left out, the built-in rules go on without them: cannot list them: {exc!r}")
        return dirs
    for ep in found:
        try:
            target = ep.load()
            dirs.append((ep.name, Path(target() if callable(target) else target)))
        except (Exception, SystemExit) as exc:  # whatever the pack's module raises, sys.exit() too
            _leave_out(ep.name, f"its entry point {ep.value!r} fails: {type(exc).__name__}: {exc}")
    return dirs


def _read_pack(name: str, path: Path) -> Pack:
    """Every rule file of a pack, parsed, or a _PackFault naming the file at fault."""
    if not path.is_dir():
        raise _PackFault(f"it points to {path}, which is not a directory")
    files: list[tuple[str, dict[str, Any]]] = []
    try:
        found = sorted(path.glob("*.toml"))
    except OSError as exc:
        raise _PackFault(f"cannot list {path}: {exc.strerror or exc}") from None
    known = _builtin_names()
    for f in found:
        if f.name not in known:
            _note(f"rule pack {name!r}: {f} is not read: the rule files are {', '.join(sorted(known))}")
            continue
        try:
            text = f.read_bytes().decode("utf-8")
        except OSError as exc:
            raise _PackFault(f"cannot read {f}: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise _PackFault(f"{f} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
        try:
            files.append((f.name, _parse(text, f"{name}:{f}")))
        except RuleError as exc:
            raise _PackFault(f"{f} is not valid TOML: {str(exc).removeprefix(f'{name}:{f}: ')}") from None
    return Pack(name, path, tuple(files))


@once
def _builtin_names() -> frozenset[str]:
    folder = resources.files("cnreport") / "rules"
    return frozenset(f.name for f in folder.iterdir() if f.name.endswith(".toml"))


@once
def _packs() -> tuple[Pack, ...]:
    if _packs_off():
        return ()
    out: list[Pack] = []
    for name, path in _pack_dirs():
        if name in _left_out:
            continue
        try:
            out.append(_read_pack(name, path))
        except _PackFault as exc:
            _leave_out(name, str(exc))
    return tuple(out)


def packs() -> tuple[Pack, ...]:
    """The rule packs in use: installed, loadable, readable, and not left out (none when
    ``CNREPORT_NO_PACKS`` is set)."""
    with _lock:
        return tuple(p for p in _packs() if p.name not in _left_out)


def on_forget(*clear: Callable[[], object]) -> None:
    """Register caches built from the rules (their ``cache_clear``): ``forget_rules``
    empties them, so that the rules are read and built afresh on their next use."""
    with _lock:
        _forget.extend(c for c in clear if c not in _forget)


def forget_rules(*, left_out: bool = False) -> None:
    """Forget every rule file read and every cache registered with ``on_forget``
    (for tests, and after a pack is left out); with ``left_out``, also which packs
    were left out and what was reported, so that every pack is tried again."""
    with _lock:
        if left_out:
            _left_out.clear()
            _noted.clear()
        _builtin_names.cache_clear()
        _packs.cache_clear()
        rule_files.cache_clear()
        quantity_rules.cache_clear()
        for clear in _forget:
            clear()


def _pack_at_fault(exc: RuleError) -> str | None:
    """The pack an error's message starts in (``name:path/file.toml: ...``), if any:
    one in use, or one left out since the rules the error came from were built."""
    message = str(exc)
    with _lock:
        names = [p.name for p in _packs()] + list(_left_out)
    return next((n for n in names if message.startswith(f"{n}:")), None)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def tolerate_packs(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """``func``, run again without a rule pack whose rules it rejects.

    A RuleError that names a pack's file leaves that pack out (reported once) and the
    rules are built afresh; one that names a built-in file is raised (a defect of the
    library, not of a pack), and so is one that names a pack already left out in this
    call (a cache that ``forget_rules`` does not know).
    """

    @functools.wraps(func)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        tried: set[str] = set()
        while True:
            try:
                return func(*args, **kwargs)
            except RuleError as exc:
                name = _pack_at_fault(exc)
                if name is None or name in tried:
                    raise
                tried.add(name)
                _leave_out(name, str(exc))
                forget_rules()

    return run


@once
def rule_files(name: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every parsed copy of the rule file ``name``: the package's own first, then each pack's.

    Each item is ``(source, data)`` where ``source`` names the file for error messages.
    """
    out: list[tuple[str, dict[str, Any]]] = []
    builtin = resources.files("cnreport") / "rules" / name
    if builtin.is_file():
        out.append((f"cnreport/rules/{name}", _parse(builtin.read_text(encoding="utf-8"), f"cnreport/rules/{name}")))
    for pack in packs():
        for file, data in pack.files:
            if file == name:
                out.append((pack.source(file), data))
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
    keys = ("word", "id", "surfaces", "words", "gazetteer")
    tag = next((entry[k] for k in keys if entry.get(k)), "")
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
    if isinstance(value, str) and not value:
        raise RuleError(f"{at}: {key!r} must not be empty")
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


def name_words(entry: dict[str, Any], at: str) -> tuple[str, ...]:
    """The names a ``[[name]]`` entry stands for: its ``words``, or with ``then`` each word
    followed by each entry of ``then`` (皖 + 北: 皖北) and not the words alone.  ``then``
    must hold distinct non-empty strings, one at least; a RuleError names the entry."""
    words = string_list(entry, "words", at, required=True)
    if "then" not in entry:
        return words
    then = string_list(entry, "then", at)
    if not then or len(set(then)) < len(then):
        raise RuleError(f"{at}: 'then' must list one string at least, each once")
    return tuple(w + t for w in words for t in then)


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
    after_space: bool = False  # may stand after a space (70 余场次)


@dataclass(frozen=True, slots=True)
class QuantityRules:
    """All the data the quantity matcher is built from."""

    units: tuple[UnitRule, ...]
    scales: tuple[tuple[str, int], ...]
    qualifiers: tuple[QualifierRule, ...]
    phrases: tuple[str, ...]
    money_cues: tuple[str, ...]
    vague: tuple[str, ...] = ()
    ordinal_before: tuple[str, ...] = ()
    slogan_tags: tuple[str, ...] = ()
    slogan_units: tuple[str, ...] = ()
    examples: tuple[Example, ...] = field(default=(), repr=False)
    money_levels: tuple[str, ...] = ()  # 5万亿台阶: a level of an amount, not a thing counted
    money_counted: tuple[str, ...] = ()  # 3个亿元项目: what a number before 个亿元 counts
    vague_scale: tuple[str, ...] = ()  # 上百家: vague before a bare scale word only (迈上两个 is two)
    slogan_heads: tuple[str, ...] = ()  # 三个示范工程: a count of works, not a slogan
    slogan_works: tuple[str, ...] = ()  # 五个重大工程建设: the work done on the things counted


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
        not_before = string_list(entry, "not_before", at)
        out.append(UnitRule(word, Kind.COUNT, word, 1, not_before, after, at, string_list(entry, "not_after", at)))
    return out


@once
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
        after_space = entry.get("after_space", False)
        if not isinstance(after_space, bool):
            raise RuleError(f"{at}: 'after_space' must be true or false")
        if after_space and position != "inside":
            raise RuleError(f"{at}: only an inside qualifier may stand after a space")
        not_after = string_list(entry, "not_after", at)
        qualifiers.extend(QualifierRule(w, position, approx, not_after, at, after_space) for w in words)

    phrases: list[str] = []
    for _at, _entry, words in word_entries("not_quantities.toml", "phrase", UniqueSurfaces("phrase"), exs):
        phrases.extend(words)

    money = table_words("units.toml", "bare_scale_money", ["cues", "levels", "counted"], exs)
    cues = money["cues"]
    vague_words = table_words("not_quantities.toml", "vague", ["before", "before_scale"], exs)
    vague = vague_words["before"]
    ordinal = table_words("not_quantities.toml", "ordinal", ["before"], exs)["before"]
    slogan = table_words("not_quantities.toml", "slogan", ["tags", "units", "heads", "works"], exs)
    tags, slogan_units = slogan["tags"], slogan["units"]

    return QuantityRules(
        tuple(units),
        tuple(scales),
        tuple(qualifiers),
        tuple(phrases),
        tuple(cues),
        tuple(vague),
        tuple(ordinal),
        tuple(tags),
        tuple(slogan_units),
        tuple(exs),
        money_levels=tuple(money["levels"]),
        money_counted=tuple(money["counted"]),
        vague_scale=tuple(vague_words["before_scale"]),
        slogan_heads=tuple(slogan["heads"]),
        slogan_works=tuple(slogan["works"]),
    )
