"""cnreport: Chinese work reports (工作总结, 政府工作报告) as typed data.

>>> import cnreport
>>> report = cnreport.parse("园区全年引进外资12.6亿元，新落户企业8家。")
>>> [(q.text, q.kind.value, q.unit, int(q.value)) for q in report.quantities]
[('12.6亿元', 'money', 'CNY', 1260000000), ('8家', 'count', '家', 8)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .entities import EntityExtractor
from .numbers import Number, NumberError, parse_number
from .panel import panel
from .render import render
from .report import parse
from .tables import tables
from .tokenize import tokenize
from .types import (
    Approx,
    Basis,
    Change,
    Entity,
    Indicator,
    Kind,
    Label,
    ProjectRecord,
    Quantity,
    Report,
    Section,
    SiteKind,
    SiteSpan,
    Stance,
    Status,
    TimeExpression,
    TimeKind,
    Token,
)

if TYPE_CHECKING:
    from .batch import Failure, parse_many

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # the batch API brings multiprocessing and its pools: imported on first use
    if name in ("Failure", "parse_many"):
        from . import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'cnreport' has no attribute {name!r}")


__all__ = [
    "Approx",
    "Basis",
    "Change",
    "Entity",
    "EntityExtractor",
    "Failure",
    "Indicator",
    "Kind",
    "Label",
    "Number",
    "NumberError",
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
    "__version__",
    "panel",
    "parse",
    "parse_many",
    "parse_number",
    "render",
    "tables",
    "tokenize",
]
