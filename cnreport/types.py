"""The result types: frozen, slotted dataclasses with offsets into the caller's text.

Every item that points into the text has ``start`` and ``end`` (Python string
indices, ``end`` exclusive) such that ``report.text[item.start:item.end] ==
item.text``.  ``to_dict()`` gives plain JSON-ready data (enums become their
string values, ``Decimal`` becomes ``int`` or ``float``, dates become ISO
strings) and ``from_dict()`` reads it back, so ``X.from_dict(x.to_dict()) == x``.
"""

from __future__ import annotations

import enum
import json
import re
import types
import typing
from bisect import bisect_right
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar, TypeVar

__all__ = [
    "Approx",
    "Basis",
    "Change",
    "Entity",
    "Indicator",
    "Kind",
    "Label",
    "ProjectRecord",
    "Quantity",
    "Report",
    "Section",
    "SiteKind",
    "SiteSpan",
    "Stance",
    "Status",
    "TimeExpression",
    "TimeKind",
    "Token",
]


class _StrEnum(enum.StrEnum):
    """An enum whose JSON form is its string value."""

    def __str__(self) -> str:
        return str(self.value)

    def to_dict(self) -> str:
        return str(self.value)


class Kind(_StrEnum):
    """What a quantity measures (the ``kind`` field of the annotation guide)."""

    MONEY = "money"
    PERCENT = "percent"
    PERCENTAGE_POINT = "percentage_point"
    COUNT = "count"
    MASS = "mass"
    AREA = "area"
    LENGTH = "length"
    VOLUME = "volume"
    ENERGY = "energy"
    POWER = "power"
    ELECTRICITY = "electricity"
    DURATION = "duration"
    VOLTAGE = "voltage"
    DATA_SIZE = "data_size"
    OTHER = "other"
    # Kinds of the library's own, beyond the annotation guide (docs/quantities.md).
    RATE = "rate"  # 645元/月: unit "CNY/month"
    RATIO = "ratio"  # 2.27:1, 4.0:37.7:58.3: the numbers in ``parts``
    FRACTION = "fraction"  # 1/10, 三分之一: numerator and denominator in ``parts``
    INDEX = "index"  # 满意度从82.3提升至88.1: a level with no unit, ``value`` to ``to``


class Approx(_StrEnum):
    """How exact a quantity is, from qualifiers like 约, 近, 余, 以上, 不低于."""

    MORE_THAN = "more_than"
    ABOUT = "about"
    NEARLY = "nearly"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Label(_StrEnum):
    """Entity labels."""

    COMPANY = "COMPANY"
    PROJECT = "PROJECT"
    WATER = "WATER"
    PLACE = "PLACE"


class TimeKind(_StrEnum):
    """The shape of a time expression."""

    DATE = "date"  # 2023年9月25日, 2020-07-30, 6月27日
    DATETIME = "datetime"  # 2021年03月15日 09:30:00
    TIME = "time"  # 12:05, 上午9时: a time of day with no date next to it
    MONTH = "month"  # 6月份, 2020年4月
    MONTH_RANGE = "month_range"  # 1-6月, 1—5月
    YEAR = "year"  # 2018年, 今年, 去年, 明年
    HALF = "half"  # 上半年, 下半年
    QUARTER = "quarter"  # 一季度, 三季度前
    SEASON = "season"  # 年初, 年底, 春节前后
    AS_OF = "as_of"  # 截至6月27日, 截止目前
    DEADLINE = "deadline"  # 年底前, 9月底前, 12月31日前
    PERIOD = "period"  # 今年以来, 去年同期, 近三年, "十四五"期间


class Stance(_StrEnum):
    """Whether a section reports results, plans or problems."""

    REVIEW = "review"
    PLAN = "plan"
    PROBLEM = "problem"
    OTHER = "other"


class SiteKind(_StrEnum):
    """Which of the page's own matter a ``SiteSpan`` is."""

    FIELD = "field"  # a field of the page's header: 来源：某某日报, 作者：…, 阅读：350
    TAIL = "tail"  # what the site prints after the report: share links, other pages' titles


class Status(_StrEnum):
    """Whether an indicator value is achieved, estimated or aimed at."""

    ACTUAL = "actual"
    ESTIMATE = "estimate"
    TARGET = "target"


class Basis(_StrEnum):
    """What a change is measured against."""

    YEAR_ON_YEAR = "year_on_year"
    TARGET = "target"
    PREVIOUS_PERIOD = "previous_period"
    COMPARISON = "comparison"


# ---------------------------------------------------------------------------
# generic (de)serialisation


def _jsonable(value: Any) -> Any:
    if value is None or (isinstance(value, bool | int | float | str) and not isinstance(value, enum.Enum)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return value.to_dict()  # type: ignore[attr-defined]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _record_dict(obj: Any) -> dict[str, Any]:
    return {f.name: _jsonable(getattr(obj, f.name)) for f in fields(obj) if not f.name.startswith("_")}


class _Items(list):  # type: ignore[type-arg]
    """A list field for ``json.JSONEncoder.iterencode``: each item's data is made when the
    encoder reaches it and dropped once written (the encoder tests the list for emptiness,
    then iterates it).  Only the pure-Python ``iterencode`` reads it so: ``json.dumps``
    with its C encoder would see an empty list."""

    def __init__(self, items: tuple[Any, ...]) -> None:
        super().__init__()
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> typing.Iterator[Any]:
        return (_jsonable(v) for v in self.items)


def _streamed_dict(obj: Any) -> dict[str, Any]:
    """``obj.to_dict()`` for ``iterencode``: the same JSON, but the items of the list fields
    are made one at a time, so that a large report is never held twice in memory."""
    return {
        f.name: _Items(value) if isinstance(value := getattr(obj, f.name), tuple) else _jsonable(value)
        for f in fields(obj)
        if not f.name.startswith("_")
    }


def _kind(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:40] + '...' if len(text) > 40 else text}"


def _from_json(tp: Any, value: Any, path: str) -> Any:
    """Convert JSON data back to the annotated type, checking it; errors name ``path``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_json(args[0], value, path)
    if value is None:
        raise TypeError(f"{path} must not be null")
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(f"{path} must be a list, got {_kind(value)}")
        (inner, _ellipsis) = typing.get_args(tp)
        return tuple(_from_json(inner, v, f"{path}[{i}]") for i, v in enumerate(value))
    if tp is Decimal:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            raise TypeError(f"{path} must be a number, got {_kind(value)}")
        if not number.is_finite():
            raise ValueError(f"{path} must be a finite number, got {value!r}")
        return number
    if tp is date:
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            raise TypeError(f"{path} must be an ISO date string like '2020-07-30', got {_kind(value)}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{path} must be an ISO date like '2020-07-30', got {value!r}") from None
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            valid = ", ".join(repr(m.value) for m in tp)
            raise ValueError(f"{path} must be one of {valid}, got {value!r}") from None
    if isinstance(tp, type) and is_dataclass(tp):
        return _record_from_dict(tp, value, path)
    if tp is bool:
        if not isinstance(value, bool):
            raise TypeError(f"{path} must be true or false, got {_kind(value)}")
        return value
    if tp is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{path} must be an integer, got {_kind(value)}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise TypeError(f"{path} must be a string, got {_kind(value)}")
        return value
    raise TypeError(f"{path}: cannot read a value of type {tp!r}")  # pragma: no cover


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_T = TypeVar("_T")


def _record_from_dict(cls: type[_T], data: Any, path: str | None = None) -> _T:
    where = path or f"{cls.__name__}.from_dict"
    if not isinstance(data, dict):
        raise TypeError(f"{where} needs a dict, got {_kind(data)}")
    hints = _hints(typing.cast(Any, cls))
    known = [f for f in fields(cls) if not f.name.startswith("_") and f.init]  # type: ignore[arg-type]
    names = {f.name for f in known}
    unknown = [k for k in data if k not in names]
    if unknown:
        raise ValueError(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"{cls.__name__} has {', '.join(f.name for f in known)}"
        )
    missing = [f.name for f in known if f.name not in data and f.default is MISSING and f.default_factory is MISSING]
    if missing:
        keys = ", ".join(map(repr, missing))
        raise TypeError(f"{where}: missing required key{'s' if len(missing) > 1 else ''} {keys}")
    prefix = f"{path}." if path else f"{cls.__name__}."
    kwargs = {name: _from_json(hints[name], value, prefix + name) for name, value in data.items()}
    for a, b in SPAN_FIELDS:
        if isinstance(kwargs.get(a), int) and isinstance(kwargs.get(b), int) and not 0 <= kwargs[a] <= kwargs[b]:
            raise ValueError(
                f"{prefix}{a} and {prefix}{b} must be offsets with 0 <= {a} <= {b}, got {kwargs[a]} and {kwargs[b]}"
            )
    return cls(**kwargs)


# the offset pairs of the records: every span of a record, as (start field, end field)
SPAN_FIELDS = (("start", "end"), ("heading_start", "heading_end"))


def _records(value: Any, path: str) -> typing.Iterator[tuple[str, Any]]:
    """Every result record inside ``value`` (a record or a tuple of them), with its path."""
    if isinstance(value, tuple):
        for i, v in enumerate(value):
            yield from _records(v, f"{path}[{i}]")
    elif is_dataclass(value) and not isinstance(value, type):
        yield path, value
        for f in fields(value):
            yield from _records(getattr(value, f.name), f"{path}.{f.name}")


class _Record:
    """Mixin giving ``to_dict``/``to_json``/``from_dict`` to a result dataclass."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return _record_dict(self)

    def to_json(self, **kwargs: Any) -> str:
        """``to_dict()`` as JSON text, Chinese kept as is.  A character UTF-8 cannot hold (a
        surrogate alone, from text decoded with ``surrogateescape``) is written as its JSON
        escape, so the text saves as UTF-8 and reads back the same."""
        kwargs.setdefault("ensure_ascii", False)
        return _SURROGATE_RUN.sub(_escaped, json.dumps(self.to_dict(), **kwargs))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        """Read back what ``to_dict()`` gave."""
        return _record_from_dict(cls, data)


# a surrogate, or a high one right before a low one: escaped, such a pair would read back as one
# character, so it is written as two U+FFFD (one character for one: offsets still hold)
_SURROGATE_RUN = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")


def _escaped(m: re.Match[str]) -> str:
    if len(m.group()) == 2:
        return "\ufffd\ufffd"
    return f"\\u{ord(m.group()):04x}"


# ---------------------------------------------------------------------------
# layers


@dataclass(frozen=True, slots=True)
class Quantity(_Record):
    """A number with its unit: ``61.52亿元`` is 6152000000 CNY.

    ``value`` is the number after scale words are applied, in the unit's own
    terms (whole currency units for money, the measure word's items for
    counts).  It is ``None`` when the number is masked (``xx.xx亿元``) or a
    range (``6-8家``, see ``low``/``high``).  ``parts`` holds the numbers of a
    ratio (2.27:1) or the numerator and denominator of a fraction (三分之一);
    ``to`` the level reached by a change written from one level to another
    (从82.3提升至88.1: ``value`` 82.3, ``to`` 88.1).
    """

    start: int
    end: int
    text: str
    kind: Kind
    unit: str
    value: Decimal | None = None
    approx: Approx | None = None
    masked: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    parts: tuple[Decimal, ...] = ()
    to: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    """A named company, project, water body or place.

    ``name`` is the normalised name (simplified characters, half-width
    letters, without the line breaks of a wrapped text, the spaces of a
    letter-spaced one or a space beside a Chinese character: 年产 5 万吨 is
    年产5万吨, Mini LED keeps its space); ``rule`` names the rule or
    gazetteer that found it.
    """

    start: int
    end: int
    text: str
    label: Label
    name: str = ""
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Token(_Record):
    """A word from the segmenter, with true offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TimeExpression(_Record):
    """A time expression and the inclusive days it covers.

    ``first_day``/``last_day`` are resolved against the report's reference
    date; they are ``None`` when no reference date is known or the
    expression is masked (``xxxx年``).
    """

    start: int
    end: int
    text: str
    kind: TimeKind
    first_day: date | None = None
    last_day: date | None = None
    masked: bool = False


@dataclass(frozen=True, slots=True)
class Section(_Record):
    """A heading of the report's outline and the text it governs.

    ``start``/``end`` span the whole section, heading included;
    ``heading_start``/``heading_end`` the heading line without its marker.
    """

    level: int
    marker: str
    heading: str
    start: int
    end: int
    heading_start: int = 0
    heading_end: int = 0
    stance: Stance = Stance.OTHER
    children: tuple[Section, ...] = ()

    def walk(self) -> typing.Iterator[Section]:
        """This section and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class SiteSpan(_Record):
    """A stretch of a web page's own matter, which ``parse`` does not read as the report's.

    A ``field`` is one of the page's header fields with its value (``来源：某某日报``); the
    ``tail`` runs from the first line of the site's matter after the report (``分享到``,
    ``相关文章``, the titles of other pages) to the end of the text.
    """

    start: int
    end: int
    kind: SiteKind


@dataclass(frozen=True, slots=True)
class Change(_Record):
    """A change of an indicator: ``同比增长12.5%`` is +12.5 % year on year.

    A range (``增长6%—6.5%``) has ``low`` and ``high`` and no ``value``;
    ``approx`` keeps 左右, 以上, 以内; a from-to pair (``从12件提高到19件``)
    keeps its start in ``from_value``.
    """

    value: Decimal | None
    unit: str
    basis: Basis = Basis.YEAR_ON_YEAR
    masked: bool = False
    against: str = ""
    approx: Approx | None = None  # 增长5%左右: about
    low: Decimal | None = None  # 增长6%—6.5%: low 6, high 6.5, value None
    high: Decimal | None = None
    from_value: Decimal | None = None  # 从12件提高到19件: 12 (the row's value is 19件)


@dataclass(frozen=True, slots=True)
class Indicator(_Record):
    """One indicator row: a named level and/or change for a period."""

    start: int
    end: int
    name: str
    indicator: str | None = None
    value: Quantity | None = None
    change: Change | None = None
    progress: Quantity | None = None
    period: TimeExpression | None = None
    status: Status = Status.ACTUAL
    stance: Stance = Stance.OTHER
    region: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectRecord(_Record):
    """One project row: the project, its company, money, capacity and status.

    ``investment`` is the project's size (总投资3亿元); ``spent`` the money put into it so far
    or in the period (完成投资9.8亿元, 筹措2亿元实施某工程)."""

    start: int
    end: int
    name: str
    company: str | None = None
    investment: Quantity | None = None
    capacity: Quantity | None = None
    status: str | None = None
    period: TimeExpression | None = None
    group: str | None = None
    group_total: Quantity | None = None
    stance: Stance = Stance.OTHER
    spent: Quantity | None = None


def _section_start(section: Section) -> int:
    return section.start


@dataclass(frozen=True, slots=True)
class Report(_Record):
    """Everything ``cnreport.parse`` found in one report.

    Everything is computed by ``parse``; tokens are a function of the report,
    ``cnreport.tokenize(report)``.  Offsets of every item point into ``text``,
    the string the caller passed.  ``site`` gives the spans of a web page's own matter
    (its header fields, and the tail after the report: ``page_end`` is where that starts),
    in order; no quantity, entity or time starts inside them.
    """

    text: str
    quantities: tuple[Quantity, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    title: str | None = None
    published: date | None = None
    page_date: date | None = None
    issuer: str | None = None
    doc_number: str | None = None
    reference_date: date | None = None
    sections: tuple[Section, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    projects: tuple[ProjectRecord, ...] = ()
    doc_id: str | None = None
    warnings: tuple[str, ...] = ()
    site: tuple[SiteSpan, ...] = ()

    TABLES: ClassVar[tuple[str, ...]] = (
        "quantities",
        "entities",
        "times",
        "indicators",
        "projects",
        "sections",
    )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Read back what ``to_dict()`` gave; every offset must point into ``text`` and every
        item's ``text`` must be the text at its offsets (ValueError naming the item if not)."""
        report: Report = _record_from_dict(cls, data)
        n = len(report.text)
        for name in ("quantities", "entities", "times", "sections", "indicators", "projects", "site"):
            for where, record in _records(getattr(report, name), f"Report.{name}"):
                for _a, b in SPAN_FIELDS:
                    end = getattr(record, b, None)
                    if isinstance(end, int) and end > n:
                        raise ValueError(f"{where}.{b} is {end}, past the end of the text ({n} characters)")
                if isinstance(getattr(record, "text", None), str):
                    found = report.text[record.start : record.end]
                    if found != record.text:
                        raise ValueError(
                            f"{where}.text is {record.text!r} but the text at {record.start}:{record.end} is {found!r}"
                        )
        at = 0
        for i, span in enumerate(report.site):
            if span.start < at:
                raise ValueError(f"Report.site[{i}] starts at {span.start}, before the span ahead of it ends ({at})")
            if span.kind is SiteKind.TAIL and (span.end != n or i != len(report.site) - 1):
                raise ValueError(
                    f"Report.site[{i}] is a tail ({span.start}:{span.end}); a tail is the last span "
                    f"and runs to the end of the text ({n})"
                )
            at = span.end
        return report

    @property
    def page_end(self) -> int | None:
        """Where the site's matter after the report starts (an offset into ``text``), or None
        when the text runs to its end as a report: ``text[:page_end]`` is the page less its tail."""
        return next((s.start for s in self.site if s.kind is SiteKind.TAIL), None)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section that contains ``offset``, or None (bisection per level)."""
        found: Section | None = None
        level = self.sections
        while level:
            i = bisect_right(level, offset, key=_section_start) - 1
            if i < 0 or not level[i].start <= offset < level[i].end:
                break
            found = level[i]
            level = found.children
        return found
