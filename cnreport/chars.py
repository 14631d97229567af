"""Character classes shared by the layers.

They describe *normalised* text (``normalize.py``): full-width letters, digits
and punctuation are ASCII there, so ``，`` is ``,`` and ``（`` is ``(``.
"""

from __future__ import annotations

import re

__all__ = [
    "CJK",
    "CJK_CHAR",
    "LIST_SEPARATORS",
    "LONE_SURROGATE",
    "MASK",
    "QUANTITY_DASH",
    "RANGE_DASH",
    "SENTENCE_END",
]

# The CJK Unified Ideographs block, for use inside a character class: f"[{CJK}]".
CJK = "\u4e00-\u9fff"
CJK_CHAR = re.compile(f"[{CJK}]")
# Letters that stand for a masked digit (xx.xx亿元, XX家).
MASK = "xX"
# What joins the two bounds of a range: 6-8家, 1—5月, 1~6月, 6至8家, 两到三万.
RANGE_DASH = r"(?:——|[-—–~至到])"
# The same for the two bounds of a quantity, which may also be joined by a
# doubled hyphen or tilde (1万元--5万元, 6%~~8%).
QUANTITY_DASH = r"(?:——|--|~~|[-—–~至到])"
# What separates the items of a list that share one unit (820万、760万人次).
LIST_SEPARATORS = ("、", "和", "及", "与", "或")
# Characters that end a sentence.
SENTENCE_END = "。;!?\n"
# A surrogate code point standing alone in a str (text decoded with surrogateescape, or built by
# hand): Python holds it, UTF-8 (and so Arrow, Parquet and spaCy) cannot.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
