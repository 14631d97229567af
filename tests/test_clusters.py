"""Word classes learned from unannotated reports (cnreport.entities.clusters) and the features
the entity model reads from them."""

from __future__ import annotations

import itertools

import pytest

from cnreport.entities.clusters import build, words_of
from cnreport.entities.core import EntityExtractor, Run
from cnreport.entities.toolkit import Candidate, word_classes
from cnreport.normalize import normalize

VERBS = ("加快", "推进", "实施", "启动", "完成", "谋划")
THINGS = ("道路", "水库", "园区", "管网", "厂房", "学校")
PLACES = ("东关", "西营", "南台", "北旺")


def _lines() -> list[list[str]]:
    """Made-up sentences in three slots: a place, a verb, a thing, then 建设 or 工程."""
    out = []
    for p, v, t in itertools.product(PLACES, VERBS, THINGS):
        out.append([p, v, t, "建设"])
        out.append(["今年", p, v, t, "工程"])
    return out


def test_words_that_stand_in_the_same_place_share_a_class() -> None:
    sklearn = pytest.importorskip("sklearn")
    assert sklearn
    classes = build(_lines(), 3, min_count=5)
    assert len({classes[w] for w in VERBS}) == 1
    assert len({classes[w] for w in THINGS}) == 1
    assert len({classes[w] for w in PLACES}) == 1
    assert len({classes[VERBS[0]], classes[THINGS[0]], classes[PLACES[0]]}) == 3


def test_the_classes_are_the_same_on_every_build_and_rare_words_have_none() -> None:
    pytest.importorskip("sklearn")
    lines = [*_lines(), ["罕见词", "加快", "道路"]]
    first = build(lines, 3, min_count=5)
    assert build(lines, 3, min_count=5) == first
    assert "罕见词" not in first  # seen once, under min_count
    assert "今年" in first and "建设" in first


def test_too_few_words_to_group_is_a_clear_error() -> None:
    pytest.importorskip("sklearn")
    with pytest.raises(ValueError, match="too few words"):
        build([["加快", "建设"]], 4, min_count=5)


def test_a_text_is_read_as_the_words_of_each_line_without_blanks() -> None:
    assert words_of(["加快推进重点项目建设。\n\n  \n县城新建污水处理厂"]) == [
        ["加快", "推进", "重点项目", "建设", "。"],
        ["县城", "新建", "污水", "处理厂"],
    ]


def test_the_shipped_classes_group_words_by_what_they_do() -> None:
    classes = word_classes()
    assert classes["加快"] == classes["推进"]  # verbs that open a task
    assert classes["集团"] == classes["公司"] == classes["产业园"]  # heads of institutions and parks
    assert classes["亿元"] == classes["万亩"]  # counters and units
    assert len({classes["加快"], classes["集团"], classes["亿元"]}) == 3


def test_a_candidate_reads_the_classes_of_the_words_around_it() -> None:
    classes = word_classes()
    text = "加快推进华能新材料有限公司建设"
    run = Run(EntityExtractor(), normalize(text))
    s = text.index("华能")
    e = text.index("建设")
    h = text.index("有限公司")
    c = Candidate(s, e, h, "x")
    from cnreport.entities.company import Companies

    feats = run.shared_features(c, Companies())
    assert f"rwc={classes['建设']}" in feats  # the word after it
    assert f"nzc={classes['材料']}" in feats  # the last word of its name part (新材料: 材料)
    assert f"pwc={classes['推进']}" in run.late_shared(c)  # the word before it
    assert f"fwc={classes['华能']}" in feats  # the word it opens with
    assert len([f for f in feats if f.startswith(("fwc=", "nzc=", "rwc="))]) == 3
