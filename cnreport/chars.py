"""Character classes shared by the layers.

They describe *normalised* text (``normalize.py``): full-width letters, digits
and punctuation are ASCII there, so ``，`` is ``,`` and ``（`` is ``(``.
"""

from __future__ import annotations

import re

__all__ = ["CJK", "CJK_CHAR", "MASK", "RANGE_DASH", "SENTENCE_END"]

# The CJK Unified Ideographs block, for use inside a character class: f"[{CJK}]".
CJK = "\u4e00-\u9fff"
CJK_CHAR = re.compile(f"[{CJK}]")
# Letters that stand for a masked digit (xx.xx亿元, XX家).
MASK = "xX"
# What joins the two bounds of a range: 6-8家, 1—5月, 1~6月, 6至8家, 两到三万.
RANGE_DASH = r"(?:——|[-—–~至到])"
# Characters that end a sentence.
SENTENCE_END = "。;!?\n"
