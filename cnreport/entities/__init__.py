"""Companies, projects, water bodies and places: rules propose, a model decides.

Each label is one module with one rule file (``company.py`` and
``rules/companies.toml``, ``project.py`` and ``projects.toml``, ``water.py``
and ``water.toml``, ``place.py`` and ``places.toml``) around a shared toolkit
(``toolkit.py``: walking back to where a name starts, lists, brackets, the
dictionary) and a label registry (``registry.py``).  The rules propose
candidate spans with high recall; a logistic-regression model trained on
annotated reports (``model.json``, rebuilt by ``python -m
cnreport.entities.train``) scores them; the best that do not overlap within a
label win (``core.py``).  Places and water bodies come from gazetteers built
from real lists (``python -m cnreport.entities.gazetteers``).

>>> from cnreport.normalize import normalize
>>> [(e.text, e.label.value) for e in extract_entities(normalize("推进瑞丰科技年产5万吨硫酸项目"))]
[('瑞丰科技', 'COMPANY'), ('瑞丰科技年产5万吨硫酸项目', 'PROJECT')]
"""

from __future__ import annotations

from ..loader import Example
from .core import EntityExtractor, Model, default_extractor, extract_entities, load_model
from .registry import LabelModule, modules, register
from .toolkit import shared_rules

__all__ = [
    "EntityExtractor",
    "LabelModule",
    "Model",
    "default_extractor",
    "extract_entities",
    "load_model",
    "modules",
    "register",
    "rule_examples",
]


def rule_examples() -> tuple[Example, ...]:
    """Every example of every entity rule file, for the test that runs them all."""
    out = list(shared_rules().examples)
    for mod in modules():
        out.extend(mod.examples)
    return tuple(out)
