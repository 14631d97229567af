"""PLACE: administrative divisions, named regions, and zones used as places.

Candidates come from the gazetteer of divisions and countries (every
occurrence), from the ``[[name]]`` regions of ``rules/places.toml``, and from
head words (李庄村, 某某经济开发区, 某某都市圈) at every plausible start.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..types import Label
from .base import HeadLabel, data_gazetteer
from .registry import Table, register
from .toolkit import Candidate

if TYPE_CHECKING:
    from .core import Run

__all__ = ["Places"]


@register
class Places(HeadLabel):
    label = Label.PLACE
    rule_file = "places.toml"
    tables = (
        Table("head", ("words",), ("class", "min_name", "max_name")),
        Table("name", ("words",), ("class",)),
        Table("generic", ("words",)),
        Table("not_after", ("words",)),
    )
    default_min = 1
    default_max = 6
    back = 16
    gazetteer = "places"

    def propose(self, run: Run) -> Iterator[Candidate]:
        yield from self.name_candidates(run)
        yield from self.head_candidates(run)

    def features(self, run: Run, c: Candidate) -> list[str]:
        t = run.t
        whole = t[c.start : c.end]
        f = []
        cls = self.known.get(whole)
        if cls:
            f.append(f"pk={cls}")
        if whole in data_gazetteer("water"):
            f.append("also=water")
        nxt = t[c.end : c.end + 1]
        if nxt and nxt in "省市县区镇乡村州旗":
            f.append("then_head")
        return f
