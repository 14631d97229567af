"""Rule loading: packs through the entry-point group, and errors that name the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import clear_rule_caches

from cnreport import loader, quantities
from cnreport.normalize import normalize


def test_a_pack_adds_a_measure_word(pack: Path) -> None:
    (pack / "measure_words.toml").write_text(
        '[[measure]]\nword = "处次"\nexamples = [{ text = "排查点位260处次", span = "260处次", value = 260 }]\n',
        encoding="utf-8",
    )
    found = quantities.extract_quantities(normalize("累计排查隐患点位260处次"))
    assert [(q.text, q.unit, int(q.value or 0)) for q in found] == [("260处次", "处次", 260)]
    assert any(ex.text == "排查点位260处次" for ex in loader.quantity_rules().examples)


def test_a_pack_adds_a_unit(pack: Path) -> None:
    (pack / "units.toml").write_text(
        '[[unit]]\nsurfaces = ["立方米每秒"]\nkind = "other"\nunit = "m3/s"\n'
        'examples = [{ text = "流量1200立方米每秒", span = "1200立方米每秒", value = 1200 }]\n',
        encoding="utf-8",
    )
    found = quantities.extract_quantities(normalize("最大下泄流量达1200立方米每秒"))
    assert [(q.text, q.unit) for q in found] == [("1200立方米每秒", "m3/s")]


def test_duplicate_word_names_both_places(pack: Path) -> None:
    (pack / "measure_words.toml").write_text(
        '[[measure]]\nword = "批次"\nexamples = ["抽检5批次"]\n', encoding="utf-8"
    )
    with pytest.raises(loader.RuleError, match=r"test_pack.*批次.*already defined at cnreport/rules/measure_words.toml"):
        loader.quantity_rules()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[measure]]\nword = "处次"\n', "examples"),
        ('[[unit]]\nsurfaces = ["码"]\nkind = "size"\nunit = "yd"\nexamples = ["3码"]\n', "kind 'size'"),
        ('[[measure]]\nword = "处次"\nafter = "roman"\nexamples = ["3处次"]\n', "after"),
        ("[[measure]\n", "measure_words.toml"),
    ],
)
def test_malformed_entries_are_rejected(pack: Path, content: str, message: str) -> None:
    name = "units.toml" if "[[unit]]" in content else "measure_words.toml"
    (pack / name).write_text(content, encoding="utf-8")
    with pytest.raises(loader.RuleError, match=message):
        loader.quantity_rules()


def test_bad_regex_is_named() -> None:
    with pytest.raises(loader.RuleError, match=r"x.toml: thing #1: bad regex"):
        loader.regex({"pattern": "(unclosed"}, "pattern", "x.toml: thing #1")


def test_an_installed_pack_is_found_through_its_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real discovery path: a distribution on sys.path declaring a cnreport.rules entry point."""
    site = tmp_path / "site"
    rules = tmp_path / "pack_rules"
    rules.mkdir()
    (rules / "measure_words.toml").write_text(
        '[[measure]]\nword = "孔"\nexamples = [{ text = "新建桥梁3孔", span = "3孔", value = 3 }]\n', encoding="utf-8"
    )
    dist = site / "bridge_rules-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: bridge-rules\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[cnreport.rules]\nbridges = bridge_rules:RULES\n", encoding="utf-8")
    (site / "bridge_rules.py").write_text(f"RULES = {str(rules)!r}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    clear_rule_caches()
    try:
        assert ("bridges", rules) in loader._pack_dirs()
        found = quantities.extract_quantities(normalize("改建危桥一座，新建桥梁3孔"))
        assert [(q.text, q.unit) for q in found] == [("3孔", "孔")]
    finally:
        monkeypatch.undo()
        clear_rule_caches()
