"""The spaCy component: spans equal the Report's items whatever the segmenter,
entities where they do not overlap, the Report on the Doc, the entry point,
configuration and serialisation."""

from __future__ import annotations

import itertools
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc, DocBin  # noqa: E402
from test_tokenize import SENTENCES, train_pkuseg_model  # noqa: E402

import cnreport  # noqa: E402
from cnreport import Entity, Report  # noqa: E402
from cnreport.spacy_component import span_label  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TEXTS = [*SENTENCES, *(p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt")))]


@pytest.fixture(scope="module")
def pkuseg_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_pkuseg_model(tmp_path_factory.mktemp("pkuseg"))


def _nlp(tokenizer: str, pkuseg_model: Path) -> Any:
    """A blank Chinese pipeline with the given tokenizer and the cnreport component."""
    if tokenizer.startswith("spacy-"):
        segmenter = tokenizer.removeprefix("spacy-")
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
        if segmenter == "pkuseg":
            nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    else:
        segmenter = tokenizer.removeprefix("cnreport-")
        config: dict[str, Any] = {"@tokenizers": "cnreport.Tokenizer.v1", "segmenter": segmenter}
        if segmenter == "pkuseg":
            config["pkuseg_model"] = str(pkuseg_model)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": config}})
    nlp.add_pipe("cnreport")
    return nlp


TOKENIZERS = ["spacy-char", "spacy-jieba", "spacy-pkuseg", "cnreport-jieba", "cnreport-char", "cnreport-pkuseg"]


@pytest.mark.parametrize("tokenizer", TOKENIZERS)
def test_spans_equal_the_reports_items_whatever_the_segmenter(tokenizer: str, pkuseg_model: Path) -> None:
    nlp = _nlp(tokenizer, pkuseg_model)
    for text in TEXTS:
        doc = nlp(text)
        report = cnreport.parse(text)
        assert doc.text == text
        assert doc._.cnreport == report
        items = sorted((*report.entities, *report.quantities), key=lambda i: (i.start, -i.end, span_label(i)))
        spans = doc.spans["cnreport"]
        assert [(s.start_char, s.end_char, s.text, s.label_) for s in spans] == [
            (i.start, i.end, i.text, span_label(i)) for i in items
        ]
        assert [s._.cnreport for s in spans] == items


@pytest.mark.parametrize("tokenizer", ["spacy-char", "spacy-jieba", "cnreport-jieba"])
def test_ents_are_the_entities_that_do_not_overlap(tokenizer: str, pkuseg_model: Path) -> None:
    nlp = _nlp(tokenizer, pkuseg_model)
    for text in TEXTS:
        doc = nlp(text)
        entities = doc._.cnreport.entities
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        assert set(ents) <= {(e.start, e.end, e.label.value) for e in entities}
        # no overlap, and an entity is left out only for a longer one it overlaps
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ents))
        for e in entities:
            if (e.start, e.end, e.label.value) not in ents:
                assert any(s < e.end and e.start < t and t - s >= e.end - e.start for s, t, _ in ents), e


def test_a_nested_company_and_project() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("cnreport")
    doc = nlp("对瑞丰科技年产3万吨项目追加投资1.2亿元")
    assert [(s.text, s.label_) for s in doc.spans["cnreport"]] == [
        ("瑞丰科技年产3万吨项目", "PROJECT"),
        ("瑞丰科技", "COMPANY"),
        ("3万吨", "MASS"),
        ("1.2亿元", "MONEY"),
    ]
    assert [(e.text, e.label_) for e in doc.ents] == [("瑞丰科技年产3万吨项目", "PROJECT")]
    money = doc.spans["cnreport"][3]._.cnreport
    assert (money.unit, int(money.value)) == ("CNY", 120_000_000)


def test_jieba_words_are_split_at_item_edges() -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    text = "以柳塘村为试点，要加大对瑞丰科技的帮扶"
    assert "以柳" in [t.text for t in nlp(text)]
    nlp.add_pipe("cnreport", config={"gazetteer": {"PLACE": ["柳塘村"]}})  # a village the model need not know
    doc = nlp(text)
    assert [t.text for t in doc][:3] == ["以", "柳", "塘村"]
    assert [(s.text, s.label_) for s in doc.spans["cnreport"]] == [("柳塘村", "PLACE"), ("瑞丰科技", "COMPANY")]


def test_configuration() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe(
        "cnreport",
        config={
            "spans_key": "report",
            "set_ents": False,
            "reference_date": "2021-07-15",
            "gazetteer": {"COMPANY": ["蓝鲸重工"]},
        },
    )
    doc = nlp("今年走访蓝鲸重工等企业12家")
    assert "cnreport" not in doc.spans
    assert [(s.text, s.label_) for s in doc.spans["report"]] == [("蓝鲸重工", "COMPANY"), ("12家", "COUNT")]
    assert doc.ents == ()
    assert doc._.cnreport.reference_date.isoformat() == "2021-07-15"
    assert doc._.cnreport.times[0].first_day.isoformat() == "2021-01-01"
    with pytest.raises(ValueError, match="spans_key"):
        spacy.blank("zh").add_pipe("cnreport", config={"spans_key": ""})
    with pytest.raises(ValueError, match="the reference_date setting must be an ISO date like 2021-07-15, got '2021-13-01'"):
        spacy.blank("zh").add_pipe("cnreport", config={"reference_date": "2021-13-01"})


def test_a_parsed_doc_keeps_its_heads_when_a_token_is_split() -> None:
    nlp = spacy.blank("zh")
    words = ["以柳", "塘村", "为", "试点"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * 4, heads=[1, 2, 2, 2], deps=["nmod", "obl", "ROOT", "obj"])
    component = nlp.add_pipe("cnreport", config={"gazetteer": {"PLACE": ["柳塘村"]}})
    doc = component(doc)
    assert [t.text for t in doc] == ["以", "柳", "塘村", "为", "试点"]
    assert [t.head.text for t in doc] == ["塘村", "以", "为", "为", "为"]
    assert [(s.text, s.label_) for s in doc.spans["cnreport"]] == [("柳塘村", "PLACE")]


def test_annotate_refuses_a_report_of_another_text() -> None:
    nlp = spacy.blank("zh")
    component = nlp.add_pipe("cnreport")
    with pytest.raises(ValueError, match="not the text of the Doc"):
        component.annotate(nlp.make_doc("园区"), cnreport.parse("新区"))


def test_the_tokenizer_names_a_lone_surrogate_that_a_doc_cannot_hold() -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "cnreport.Tokenizer.v1"}}})
    with pytest.raises(ValueError, match="lone surrogate U\\+DC8A at offset 2"):
        nlp("园区\udc8a企业新增5家")
    assert [t.text for t in nlp("园区企业新增5家")] == ["园区", "企业", "新增", "5家"]


def test_docs_with_reports_serialise(tmp_path: Path) -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("cnreport")
    docs = list(nlp.pipe(TEXTS[:4]))
    again = Doc(nlp.vocab).from_bytes(docs[0].to_bytes())
    assert isinstance(again._.cnreport, Report) and again._.cnreport == docs[0]._.cnreport
    assert [(s.text, s.label_) for s in again.spans["cnreport"]] == [
        (s.text, s.label_) for s in docs[0].spans["cnreport"]
    ]
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "docs.spacy")
    back = list(DocBin().from_disk(tmp_path / "docs.spacy").get_docs(nlp.vocab))
    assert [d._.cnreport for d in back] == [d._.cnreport for d in docs]


def test_pipe_with_two_processes_keeps_order_and_reports() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("cnreport")
    docs = list(nlp.pipe(TEXTS, n_process=2, batch_size=2))
    assert [d.text for d in docs] == TEXTS
    assert [d._.cnreport for d in docs] == [cnreport.parse(t) for t in TEXTS]


def test_a_pipeline_saves_and_loads_with_the_cnreport_tokenizer(tmp_path: Path) -> None:
    nlp = spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "cnreport.Tokenizer.v1", "segmenter": "char"}}}
    )
    nlp.add_pipe("cnreport", config={"spans_key": "items"})
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("新建厂房3.2万平方米")
    assert [t.text for t in doc] == ["新", "建", "厂", "房", "3.2万平方米"]
    assert [s.label_ for s in doc.spans["items"]] == ["AREA"]
    with pytest.raises(ValueError, match="segmenter must be one of"):
        spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "cnreport.Tokenizer.v1", "segmenter": "x"}}})


def test_the_factory_is_found_through_its_entry_point() -> None:
    """``add_pipe("cnreport")`` in a process whose code never imports cnreport."""
    from importlib.metadata import entry_points

    (ep,) = [ep for ep in entry_points(group="spacy_factories") if ep.name == "cnreport"]
    assert ep.value == "cnreport.spacy_component:make_cnreport"
    code = textwrap.dedent(
        """
        import spacy
        nlp = spacy.blank("zh")
        nlp.add_pipe("cnreport")
        doc = nlp("完成投资1.2亿元")
        print([(s.text, s.label_) for s in doc.spans["cnreport"]])
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('1.2亿元', 'MONEY')]"


def test_entities_in_spans_keep_their_names() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("cnreport")
    doc = nlp("守护丹江口水库一库清水")
    (span,) = doc.spans["cnreport"]
    assert isinstance(span._.cnreport, Entity) and span._.cnreport.name == "丹江口水库"


def test_the_spacy_example_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "review.html"
    monkeypatch.setattr(sys, "argv", ["spacy_pipeline.py", str(page)])
    runpy.run_path(str(REPO / "examples" / "spacy_pipeline.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "86.47亿元\t8647000000 CNY" in out
    assert "瑞丰化学年产2万吨电子级双氧水项目  [630:647]" in out
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
