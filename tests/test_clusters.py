"""Word classes learned from unannotated reports (cnreport.entities.clusters) and the features
the entity model reads from them."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
from pathlib import Path

import pytest

from cnreport.entities.base import data_gazetteer
from cnreport.entities.clusters import CONTEXT, build, ppmi, read, words_of, write
from cnreport.entities.company import Companies
from cnreport.entities.core import EntityExtractor, Run, load_model
from cnreport.entities.toolkit import Candidate
from cnreport.entities.train import fold_classes
from cnreport.normalize import normalize

DATA = Path(__file__).resolve().parents[1] / "cnreport" / "entities"

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
    lines = [*_lines(), *[["稀少", "加快", "道路"]] * 4, *[["孤立"]] * 9]
    first = build(lines, 3, min_count=5)
    assert build(lines, 3, min_count=5) == first
    assert "稀少" not in first  # seen four times, under min_count
    assert "稀少" in build(lines, 3, min_count=4)  # seen min_count times: in
    assert "孤立" not in first  # frequent, but never beside a frequent word: no vector, no class
    assert "今年" in first and "建设" in first


def test_the_weights_are_positive_pmi_of_each_place_with_smoothed_contexts() -> None:
    pytest.importorskip("scipy")
    vocab = ["甲", "乙", "丙"]
    m = ppmi([["甲", "乙"], ["甲", "乙"], ["甲", "丙"]], vocab).toarray()
    after, before = CONTEXT.index(1), CONTEXT.index(-1)
    col = {w: i * len(CONTEXT) for i, w in enumerate(vocab)}
    # six (word, context) pairs; 甲 in three of them; the contexts' counts 2, 1 and 3 to the 0.75
    z = 2**0.75 + 1 + 3**0.75
    assert m[0, col["乙"] + after] == pytest.approx(math.log((2 / 6) / (3 / 6 * 2**0.75 / z)))
    assert m[0, col["丙"] + after] == pytest.approx(math.log((1 / 6) / (3 / 6 * 1 / z)))
    assert m[1, col["甲"] + before] == pytest.approx(math.log((2 / 6) / (2 / 6 * 3**0.75 / z)))
    assert [(int(r), int(c)) for r, c in zip(*m.nonzero(), strict=True)] == [
        (0, col["乙"] + after),
        (0, col["丙"] + after),
        (1, col["甲"] + before),
        (2, col["甲"] + before),
    ]
    # two places away is a context of its own
    far = ppmi([["甲", "乙", "丙"]], vocab).toarray()
    assert far[0, col["丙"] + CONTEXT.index(2)] > 0 and far[2, col["甲"] + CONTEXT.index(-2)] > 0


def test_bad_settings_are_a_clear_error() -> None:
    pytest.importorskip("sklearn")
    with pytest.raises(ValueError, match="too few words"):
        build([["加快", "建设"]], 4, min_count=5)
    with pytest.raises(ValueError, match="classes=0"):
        build(_lines(), 0)
    with pytest.raises(ValueError, match="dims=0"):
        build(_lines(), 3, dims=0)


def test_a_text_is_read_as_the_words_of_each_line_without_blanks() -> None:
    assert words_of(["加快推进重点项目建设。\n\n  \n县城新建污水处理厂"]) == [
        ["加快", "推进", "重点项目", "建设", "。"],
        ["县城", "新建", "污水", "处理厂"],
    ]


def test_the_shipped_classes_group_words_by_what_they_do() -> None:
    classes = data_gazetteer("clusters")
    assert classes["加快"] == classes["推进"]  # verbs that open a task
    assert classes["集团"] == classes["公司"] == classes["产业园"]  # heads of institutions and parks
    assert classes["亿元"] == classes["万亩"]  # counters and units
    assert len({classes["加快"], classes["集团"], classes["亿元"]}) == 3


def test_the_shipped_model_was_trained_with_the_shipped_classes() -> None:
    """A rebuild of the classes may number them otherwise: the model names the file it read."""
    model = json.loads((DATA / "model.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256((DATA / "data" / "clusters.tsv").read_bytes()).hexdigest()
    assert model["meta"]["word_classes"] == digest, "retrain: python -m cnreport.entities.train"


def _features(text: str, start: str, head: str, end: str, classes: dict[str, str]) -> tuple[list[str], list[str]]:
    """The shared features of a candidate, read with the word classes ``classes`` (the shipped
    classes are a draw of k-means: which words share a class changes with every rebuild)."""
    shipped = load_model()
    assert shipped is not None
    run = Run(EntityExtractor(model=dataclasses.replace(shipped, word_classes=classes)), normalize(text))
    c = Candidate(text.index(start), text.index(end), text.index(head), "x")
    return run.shared_features(c, Companies()), run.late_shared(c)


def test_a_candidate_reads_the_classes_of_the_words_around_it() -> None:
    # 积极 招引 | 华能 新 材料 | 有限公司 | 落户: each word a class of its own
    classes = {"积极": "801", "招引": "802", "华能": "803", "材料": "804", "落户": "805"}
    feats, late = _features("积极招引华能新材料有限公司落户", "华能", "有限公司", "落户", classes)
    assert "fwc=803" in feats  # the word it opens with
    assert "nzc=804" in feats  # the last word of its name part
    assert "rwc=805" in feats  # the word after it
    assert "pwc=802" in late  # the word right before it, not 积极
    assert sorted(f for f in feats + late if f.startswith(("fwc=", "nzc=", "rwc=", "pwc="))) == [
        "fwc=803",
        "nzc=804",
        "pwc=802",
        "rwc=805",
    ]


def test_the_last_word_of_a_name_part_is_read_inside_the_name() -> None:
    # the name starts inside 高新技术: its last word is 技术, not the word that runs over its start
    feats, _late = _features("发展高新技术有限公司", "技术", "有限公司", "有限公司", {"技术": "701", "高新技术": "702"})
    assert "nzc=701" in feats and "nzc=702" not in feats


def test_a_model_that_carries_word_classes_is_read_with_them() -> None:
    """A cross-validation fold reads classes built without its held-out reports (``Model.word_classes``)."""
    text = "积极招引华能新材料有限公司落户"
    c = Candidate(text.index("华能"), text.index("落户"), text.index("有限公司"), "x")
    own = {"华能": "901", "材料": "902", "落户": "903"}  # 招引 has no class of its own here
    shipped = load_model()
    assert shipped is not None
    model = dataclasses.replace(shipped, word_classes=own)
    run = Run(EntityExtractor(model=model), normalize(text))
    feats = run.shared_features(c, Companies()) + run.late_shared(c)
    assert [f for f in feats if f.startswith(("fwc=", "nzc=", "rwc=", "pwc="))] == ["fwc=901", "nzc=902", "rwc=903"]


def test_a_fold_builds_its_classes_without_the_reports_it_holds_out() -> None:
    pytest.importorskip("sklearn")
    seen = "\n".join(["加快推进重点项目建设", "全力推进产业项目建设", "加快推进民生工程建设"] * 6)
    held = "\n".join(["扎实开展河湖清淤整治", "扎实开展农田水利整治"] * 6)
    texts = {"county-aa-2020.txt": seen, "county-bb-2021.txt": held, "county-bb-2022.txt": held}
    classes = fold_classes(texts, ["county-bb"])
    assert {"加快", "推进", "建设"} <= set(classes) and not {"扎实", "开展", "整治"} & set(classes)
    assert set(fold_classes(texts, ["county-aa"])) >= {"扎实", "开展", "整治"}


def test_a_build_seeded_with_earlier_classes_keeps_their_numbers() -> None:
    pytest.importorskip("sklearn")
    first = build(_lines(), 3, min_count=5)
    renumbered = {w: (c + 1) % 3 for w, c in first.items()}
    assert build(_lines(), 3, min_count=5, seed=renumbered) == renumbered
    # a few more lines move no word, where a fresh draw is free to number the classes otherwise
    more = [*_lines(), ["东关", "加快", "管网", "建设"], ["今年", "北旺", "谋划", "厂房", "工程"]]
    assert build(more, 3, min_count=5, seed=renumbered) == renumbered


def test_a_seeded_class_with_no_word_left_starts_at_a_centre_drawn_from_nothing() -> None:
    pytest.importorskip("sklearn")
    first = build(_lines(), 3, min_count=5)
    things = first[THINGS[0]]
    seed = {w: c for w, c in first.items() if c != things}  # the things' class has lost its words
    again = build(_lines(), 3, min_count=5, seed=seed)
    assert {again[w] for w in THINGS} == {things}
    assert {w: c for w, c in again.items() if w in seed} == seed
    # a seed none of whose words is left: the classes drawn from nothing, numbered as they fall
    stranger = build(_lines(), 3, min_count=5, seed={"无关": 1})

    def groups(classes: dict[str, int]) -> list[list[str]]:
        return sorted(sorted(w for w in classes if classes[w] == c) for c in set(classes.values()))

    assert groups(stranger) == groups(first)
    assert sorted(groups(first)[0]) == sorted(PLACES)


def test_a_seed_numbered_outside_the_classes_is_a_clear_error() -> None:
    pytest.importorskip("sklearn")
    with pytest.raises(ValueError, match=r"numbered 0 to 2, got \[3\]"):
        build(_lines(), 3, min_count=5, seed={"加快": 0, "道路": 3})
    with pytest.raises(TypeError, match=r"must be int, got \['1'\]"):
        build(_lines(), 3, min_count=5, seed={"加快": 0, "道路": "1"})  # type: ignore[dict-item]


def test_the_written_classes_read_back(tmp_path: Path) -> None:
    path = tmp_path / "classes.tsv"
    write(path, {"加快": 2, "集团": 0}, "two words")
    assert path.read_text(encoding="utf-8") == "# two words\n加快\t2\n集团\t0\n"
    assert read(path) == {"加快": 2, "集团": 0}
    assert read(DATA / "data" / "clusters.tsv")["加快"] == int(data_gazetteer("clusters")["加快"])
    (tmp_path / "other.tsv").write_text("# a note\n加快\tverb\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"other.tsv:2: not a word class"):
        read(tmp_path / "other.tsv")


def test_the_command_starts_from_the_classes_it_wrote_unless_fresh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("sklearn")
    from cnreport.entities.clusters import main

    (tmp_path / "reports").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "windows.json").write_text("[]", encoding="utf-8")
    text = "\n".join(f"{p}{v}{t}建设" for p, v, t in itertools.product(PLACES, VERBS, THINGS))
    (tmp_path / "reports" / "county-aa-2020.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "classes.tsv"
    args = ["--shared", str(tmp_path), "--gold", str(tmp_path / "gold"), "--classes", "3", "--out", str(out)]
    main(args)
    fresh = read(out)
    assert {fresh[w] for w in VERBS} == {fresh[VERBS[0]]} and len(set(fresh.values())) == 3
    renumbered = {w: (c + 1) % 3 for w, c in fresh.items()}
    write(out, renumbered, "renumbered")
    main(args)
    assert read(out) == renumbered  # seeded from the file: the same classes, the same numbers
    main([*args, "--fresh"])
    assert read(out) == fresh
    write(out, {w: c + 5 for w, c in fresh.items()}, "other classes")
    main(args)
    assert read(out) == fresh
    assert "holds classes numbered up to 7, not 0 to 2: drawing them anew" in capsys.readouterr().out
    out.write_text("not a file of classes\n", encoding="utf-8")
    main(args)
    assert read(out) == fresh
    assert "holds no word classes" in capsys.readouterr().out
