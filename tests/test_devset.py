"""The development set in ../shared as an accuracy regression test (skipped when absent)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import cnreport


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("cnreport_devset_score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(shared: Path) -> dict[str, Any]:
    score = _scorer(shared)
    tallies: dict[str, Any] = defaultdict(score.Tally)
    errors: list[Any] = []
    for gf in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        text = (shared / "corpus" / gold["doc"]).read_text(encoding="utf-8")
        score.score_doc(cnreport.parse(text).to_dict(), gold, text, tallies, errors)
    return {name: t.prf()[2] for name, t in tallies.items()}


# The issues ask for quantity 0.95, COMPANY 0.85, PROJECT 0.80, WATER 0.90; each
# guard sits just under the figure reached, so a regression shows.
# The entity model is trained on the development set among other gold, so these figures
# measure fit, not reading of new text (docs/accuracy.md has the blind figures): a guard
# at the floors, just under what the layer reaches.
FLOORS = {"quantity": 0.98, "COMPANY": 0.92, "PROJECT": 0.90, "WATER": 0.90}


@pytest.mark.parametrize("layer", FLOORS)
def test_f1(scores: dict[str, float], layer: str) -> None:
    assert scores[layer] >= FLOORS[layer], scores


def test_corpus_offsets_hold(shared: Path) -> None:
    for path in sorted((shared / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        r = cnreport.parse(text)
        for item in (*r.quantities, *r.entities, *r.times):
            assert text[item.start : item.end] == item.text


# ---------------------------------------------------------------------------
# quantities on real reports outside the development set: tests/data/real/quantities/,
# annotated and checked by hand before the library was run on those windows


def _benchmark_script(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` imported as a module (the scripts are no package)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"cnreport_{name}_tools", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # a script's dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_agreement_check_reads_the_training_windows_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gold = _benchmark_script("gold")
    first = "推进李庄村道路硬化。李庄村完成改厕。"
    second = "王庄村和李庄村开展评比。导航：李庄村"
    texts = {"r.txt": first + second, "b.txt": "李庄村李庄村李庄村"}
    read: list[str] = []

    def report_text(file: str, sha256: str | None = None) -> str:
        read.append(file)
        return texts[file]

    windows = [
        {"id": "r@0", "file": "r.txt", "sha256": "", "start": 0, "end": len(first), "split": "train"},
        {"id": "r@1", "file": "r.txt", "sha256": "", "start": len(first), "end": len(texts["r.txt"]), "split": "train"},
        {"id": "b@0", "file": "b.txt", "sha256": "", "start": 0, "end": 9, "split": "blind"},
    ]
    at = [i for i in range(len(texts["r.txt"])) if texts["r.txt"].startswith("李庄村", i)]
    (tmp_path / "r@0.json").write_text(
        json.dumps({"entities": [{"start": a, "end": a + 3, "label": "PLACE"} for a in at[:2]]}), encoding="utf-8"
    )
    chrome = texts["r.txt"].index("导航")
    (tmp_path / "r@1.json").write_text(
        json.dumps({"entities": [], "ignore": [[chrome, len(texts["r.txt"])]]}), encoding="utf-8"
    )
    (tmp_path / "b@0.json").write_text(json.dumps({"entities": []}), encoding="utf-8")
    monkeypatch.setattr(gold, "ENTITIES", tmp_path)
    monkeypatch.setattr(gold, "load_windows", lambda: windows)
    monkeypatch.setattr(gold, "report_text", report_text)
    # annotated twice, bare once in the second window; the page chrome and the blind window are not read
    assert gold.disagreements(least=1) == [
        ("PLACE", "李庄村", 2, [("r@1", at[2], "王庄村和【李庄村】开展评比。导航：")])
    ]
    assert gold.disagreements(least=2) == []
    assert "b.txt" not in read
    # the same span under another label is a choice between labels, not an omission
    (tmp_path / "r@1.json").write_text(
        json.dumps(
            {
                "entities": [{"start": at[2], "end": at[2] + 3, "label": "COMPANY"}],
                "ignore": [[chrome, len(texts["r.txt"])]],
            }
        ),
        encoding="utf-8",
    )
    assert gold.disagreements(least=1) == []


def test_gap_windows_come_from_the_split_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``select-gaps``: every free stretch of MIN characters or more becomes a window, from the
    training regions' reports, or with a round from the blind regions' reports of one kind, as
    blind windows of that round annotated for the labels asked."""
    gold = _benchmark_script("gold")
    sizes = {"prov-a-2026": 900, "prov-b-2026": 700, "county-c-2020": 800}
    (tmp_path / "manifest.json").write_text(
        json.dumps([{"id": k, "sha256": f"sha-{k}"} for k in sizes]), encoding="utf-8"
    )
    windows = [
        {"id": "prov-a-2026@100", "file": "prov-a-2026.txt", "sha256": "", "start": 100, "end": 300, "split": "train"},
        {"id": "prov-b-2026@0", "file": "prov-b-2026.txt", "sha256": "", "start": 0, "end": 500, "split": "blind"},
        {"id": "county-c-2020@0", "file": "county-c-2020.txt", "sha256": "", "start": 0, "end": 100, "split": "blind"},
    ]
    monkeypatch.setattr(gold, "shared_reports", lambda: tmp_path)
    monkeypatch.setattr(gold, "load_windows", lambda: windows)
    monkeypatch.setattr(gold, "report_text", lambda file, sha256=None: "文" * sizes[file.removesuffix(".txt")])
    spans = [
        (w["id"], w["start"], w["end"], w["split"], w.get("round"), w.get("labels")) for w in gold.select_gaps(100)
    ]
    # the training report's stretches before and after its window; the blind reports are left alone
    assert spans == [("prov-a-2026@0", 0, 100, "train", None, None), ("prov-a-2026@300", 300, 900, "train", None, None)]
    assert [w["id"] for w in gold.select_gaps(150)] == ["prov-a-2026@300"]
    blind = gold.select_gaps(150, blind_round=6, kind="prov", labels=["WATER", "COMPANY"])
    assert [(w["id"], w["start"], w["end"], w["split"], w["round"], w["labels"], w["sha256"]) for w in blind] == [
        ("prov-b-2026@500", 500, 700, "blind", 6, ["COMPANY", "WATER"], "sha-prov-b-2026")
    ]
    assert [w["id"] for w in gold.select_gaps(150, blind_round=7, kind="county")] == ["county-c-2020@100"]
    assert "labels" not in gold.select_gaps(150, blind_round=7, kind="county", labels=list(gold.LABELS))[0]


def test_quantities_on_real_reports(shared: Path) -> None:
    if not (shared / "reports").is_dir():
        pytest.skip("../shared/reports is not present")
    tally = _benchmark_script("gold").score_quantities()
    tp, fp, fn = tally["quantity"]
    assert tp + fn == 391  # the items of six windows of six reports (optional readings left out)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.96, tally  # the floor issue 10 sets (0.988 when annotated)


def test_quantities_on_real_training_windows(shared: Path) -> None:
    """The windows of quantities_train/, annotated the same way and read for errors (a carat,
    三轮车, money words of another clause, a people's congress's sessions, ranks): a guard just
    under the figure reached."""
    if not (shared / "reports").is_dir():
        pytest.skip("../shared/reports is not present")
    gold = _benchmark_script("gold")
    tally = gold.score_quantities(folder=gold.QUANTITIES_TRAIN)
    tp, fp, fn = tally["quantity"]
    assert tp + fn == 1558  # the items of 24 windows of 24 reports (optional readings left out)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.99, tally  # 0.996 (the rounds 0.988, 0.984, 0.995, 0.996 before their fixes)


# ---------------------------------------------------------------------------
# the check set's training part: metadata, outline, times and indicator rows of real
# reports (tests/data/real/check/, docs/checkset.md), a regression guard just under the
# figures reached (docs/accuracy.md); the blind part stays outside the repository


def test_check_set_training_part(shared: Path) -> None:
    if not (shared / "reports").is_dir():
        pytest.skip("../shared/reports is not present")
    tools = _benchmark_script("checkset")
    files = [f for f in tools.check_files(tools.CHECK) if tools.split_of(f["file"]) == "train"]
    assert len(files) == 53
    tot, _ = tools.tally(files)
    assert (tot["time_total"], tot["row_total"]) == (1350, 1380)  # the gold's times and rows
    assert tot["meta_right"] / tot["meta_total"] >= 0.98, tot
    assert tot["time_right"] / tot["time_total"] >= 0.92, tot
    assert tot["row_right"] / tot["row_total"] >= 0.84, tot


def test_the_staged_decision_is_the_one_every_feature_gives_on_real_reports(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rejecting a candidate before its costly features never changes what is found, list
    items taken below the threshold included (the development reports hold such lists)."""
    from cnreport.entities import EntityExtractor
    from cnreport.entities.core import Model

    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("*.txt"))]
    staged = [[(e.start, e.end, e.label.value) for e in EntityExtractor().extract(t)] for t in texts]
    monkeypatch.setattr(Model, "bound", lambda self, label, kinds: 1e9)  # never rejects early
    full = [[(e.start, e.end, e.label.value) for e in EntityExtractor().extract(t)] for t in texts]
    assert staged == full and sum(map(len, full)) >= 300


# ---------------------------------------------------------------------------
# benchmarks/accuracy.py: its figures by kind of report


def test_the_cross_validation_is_told_by_kind_of_report_and_summed_label_by_label() -> None:
    from cnreport.entities.train import Doc

    tools = _benchmark_script("accuracy")
    docs = [
        Doc("prov-hubei-2026@120", "prov-hubei", "", [], ()),
        Doc("county-xian-2021@0", "county-xian", "", [], ()),
        Doc("003_1f.txt", "dev:003_1f.txt", "", [], ()),
        Doc("sentence 7", "sentences:1", "", [], ()),
    ]
    assert [tools.kind_of(d) for d in docs] == ["provincial windows", "county windows", "development set", "paragraphs"]
    parts = [{"COMPANY": [3, 1, 2], "WATER": [5, 0, 1]}, {"COMPANY": [10, 4, 6]}, {}]
    assert tools.summed(parts) == {"COMPANY": [13, 5, 8], "WATER": [5, 0, 1]}
    with pytest.raises(ValueError):
        tools.summed([{"COMPANY": [1, 2]}])  # a tally is always tp, fp, fn


def test_companies_are_told_by_whether_they_open_a_works_name() -> None:
    from cnreport.entities.train import Doc

    tools = _benchmark_script("accuracy")
    text = "推进鼎信硅基材料、蓝拓负极材料等项目，与华骏集团签约。"
    items = [
        {"start": 2, "end": 4, "label": "COMPANY"},  # 鼎信, opening 鼎信硅基材料
        {"start": 2, "end": 8, "label": "PROJECT"},
        {"start": 9, "end": 11, "label": "COMPANY"},  # 蓝拓, opening 蓝拓负极材料
        {"start": 9, "end": 15, "label": "PROJECT", "alt": "COMPANY"},
        {"start": 20, "end": 24, "label": "COMPANY"},  # 华骏集团, standing free
        {"start": 20, "end": 22, "label": "COMPANY", "optional": True},  # counts neither way
    ]
    doc = Doc("prov-x-2026@0", "prov-x", text, [(0, len(text))], ("COMPANY", "PROJECT"), items=items)
    opening, free = tools.STANDINGS
    # 蓝拓 missed; 鼎信硅 taken wrongly (it opens a works name too), 推进 wrongly (it stands free)
    tallies = tools.standing_tallies(doc, extra=[(2, 5), (0, 2)], missed=[(9, 11)])
    assert tallies == {opening: [1, 1, 1], free: [1, 1, 0]}
    audit = [
        {"document": "prov-x-2026@0", "label": "COMPANY", "kind": "missed", "start": 9, "end": 11},
        {"document": "prov-x-2026@0", "label": "PROJECT", "kind": "missed", "start": 2, "end": 8},
        {"document": "other", "label": "COMPANY", "kind": "extra", "start": 0, "end": 2},
    ]
    assert tools.standings([doc, doc], audit) == {opening: [2, 0, 2], free: [2, 0, 0]}
    table = tools.standing_table({"blind": tallies}).splitlines()
    assert table[-2] == f"| {opening} | P 0.500 R 0.500 **F1 0.500** (1/1/1); 2 in the gold |"


def test_the_blind_interval_samples_whole_reports_and_holds_the_figure() -> None:
    from cnreport.entities.train import Doc

    tools = _benchmark_script("accuracy")
    names = ("prov-a@0", "prov-a@900", "county-b@0", "county-c@0", "county-d@0", "county-e@0", "county-f@0")
    docs = [Doc(name, name.split("@")[0], "", [], ()) for name in names]
    counts = ([8, 2, 2], [2, 0, 0], [0, 5, 5], [5, 0, 0], [6, 1, 1], [4, 2, 1], [7, 1, 2])
    tallies = {name: {"COMPANY": c} for name, c in zip(names, counts, strict=True)}
    lines = tools.interval_table(docs, tallies, draws=400).splitlines()
    assert "6 reports" in lines[0]  # the two windows of prov-a are one report
    row = next(line for line in lines if line.startswith("| COMPANY"))
    _, f1, interval, _ = (cell.strip() for cell in row.split("|")[1:])
    # the whole: 32 found, 11 wrong, 11 missed; county-b alone scores 0, county-c alone 1
    assert f1 == "0.744"
    lo, hi = (float(x) for x in interval.split(" to "))
    assert 0.3 < lo < 0.744 < hi < 0.95
    assert lines == tools.interval_table(docs, tallies, draws=400).splitlines()  # the same draws every run
    assert not any(line.startswith("| WATER") for line in lines)  # no label the windows lack
