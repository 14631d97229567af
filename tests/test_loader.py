"""Rule loading: packs through the entry-point group, and errors that name the entry."""

from __future__ import annotations

import functools
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import clear_rule_caches

import cnreport
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
    ],
)
def test_malformed_entries_are_rejected(pack: Path, content: str, message: str) -> None:
    """The rules built from a pack reject a bad entry, naming it (parse leaves such a pack out, below)."""
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


# ---------------------------------------------------------------------------
# a pack that cannot be used is left out, once, and the built-in rules go on

GOOD_MEASURE = '[[measure]]\nword = "处次"\nexamples = [{ text = "排查点位260处次", span = "260处次", value = 260 }]\n'
SENTENCE = "累计排查隐患点位260处次，完成投资3.2亿元。"


def _found(text: str = SENTENCE) -> list[tuple[str, str]]:
    return [(q.text, q.unit) for q in cnreport.parse(text).quantities]


def _pack_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if issubclass(w.category, loader.RulePackWarning)]


@pytest.mark.parametrize(
    ("file", "content", "fault"),
    [
        ("units.toml", "[[unit]]\nsurfaces = [\"立方米每秒\"]\n".encode("gb18030") + b"\xff\xfe", "is not UTF-8"),
        ("measure_words.toml", b"[[measure]\nword = 1\n", "is not valid TOML"),
        ("measure_words.toml", b'[[measure]]\nword = "\xe5\xa4\x84\xe6\xac\xa1"\n', "every entry needs a non-empty 'examples' list"),
        ("measure_words.toml", '[[measure]]\nword = "批次"\nexamples = ["抽检5批次"]\n'.encode(), "'批次' is already defined at cnreport/rules"),
        ("scales.toml", b'[[scale]]\nword = "\xe5\x85\x86"\nfactor = "big"\nexamples = ["x"]\n', "'factor' must be"),
        ("companies.toml", '[[brand]]\nwords = ["牌"]\nexamples = ["某牌"]\n'.encode(), "unknown table [[brand]]"),
        ("times.toml", b"[[relative_year]]\nwords = 3\noffset = 1\n", "times.toml: relative_year #1"),
        ("indicators.toml", b"[[indicator]]\nnames = []\n", "indicators.toml"),
        ("headers.toml", b'[[field]]\nfield = "owner"\nlabels = ["x"]\nexamples = ["x"]\n', "headers.toml: field #1"),
    ],
    ids=["not-utf8", "not-toml", "no-examples", "duplicate", "bad-factor", "entity-table", "times", "records", "headers"],
)
def test_a_faulty_pack_is_left_out_once_and_parse_goes_on(pack: Path, file: str, content: bytes, fault: str) -> None:
    (pack / file).write_bytes(content)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        first = _found()
        second = _found()
        tokens = [t.text for t in cnreport.tokenize("完成投资3.2亿元")]
        value = cnreport.parse_number("3.2亿").value
    assert first == second == [("260处", "处"), ("3.2亿元", "CNY")]  # the built-in rules: 处次 is not a word of theirs
    assert tokens == ["完成", "投资", "3.2亿元"] and value == 32 * 10**7
    [message] = _pack_warnings(record)
    assert message.startswith("rule pack 'test_pack' left out, the built-in rules go on without it: ")
    assert str(pack / file) in message and fault in message
    assert "CNREPORT_NO_PACKS=1" in message


def test_a_good_pack_stays_when_another_is_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    (good / "measure_words.toml").write_text(GOOD_MEASURE, encoding="utf-8")
    (bad / "units.toml").write_bytes(b"\x81\x30\x81\x30 not utf-8")
    monkeypatch.setattr(loader, "_pack_dirs", lambda: [("good", good), ("bad", bad), ("gone", tmp_path / "nowhere")])
    clear_rule_caches()
    try:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            assert _found() == [("260处次", "处次"), ("3.2亿元", "CNY")]
        got = _pack_warnings(record)
        assert len(got) == 2
        assert f"rule pack 'bad' left out, the built-in rules go on without it: {bad / 'units.toml'} is not UTF-8" in got[0]
        assert f"rule pack 'gone' left out, the built-in rules go on without it: it points to {tmp_path / 'nowhere'}, which is not a directory" in got[1]
        assert [p.name for p in loader.packs()] == ["good"]
    finally:
        monkeypatch.undo()
        clear_rule_caches()


def test_an_odd_file_in_a_pack_is_named_and_the_pack_kept(pack: Path) -> None:
    (pack / "measure_words.toml").write_text(GOOD_MEASURE, encoding="utf-8")
    (pack / "measure_word.toml").write_text(GOOD_MEASURE, encoding="utf-8")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        assert _found() == [("260处次", "处次"), ("3.2亿元", "CNY")]
    [message] = _pack_warnings(record)
    assert message.startswith(f"rule pack 'test_pack': {pack / 'measure_word.toml'} is not read: the rule files are ")
    assert "measure_words.toml" in message


def _install(site: Path, module: str, body: str, name: str = "broken") -> None:
    """A distribution on ``site`` declaring ``name = module:RULES`` in the cnreport.rules group."""
    dist = site / f"{module}-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[cnreport.rules]\n{name} = {module}:RULES\n", encoding="utf-8")
    (site / f"{module}.py").write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "fault"),
    [
        ("import no_such_module_for_cnreport\nRULES = '.'\n", "ModuleNotFoundError: No module named 'no_such_module_for_cnreport'"),
        ("raise RuntimeError('the pack needs its licence file')\n", "RuntimeError: the pack needs its licence file"),
        ("X = 1\n", "AttributeError"),
        ("def RULES():\n    raise OSError('cannot find the data')\n", "OSError: cannot find the data"),
        ("RULES = 42\n", "TypeError"),
        ("import sys\nsys.exit('the pack wants a newer Python')\n", "SystemExit: the pack wants a newer Python"),
    ],
    ids=["import-error", "raises", "no-object", "callable-raises", "not-a-path", "exits"],
)
def test_a_pack_that_fails_at_import_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, fault: str
) -> None:
    module = f"rules_{tmp_path.name.replace('-', '_')}"
    _install(tmp_path, module, body)
    monkeypatch.syspath_prepend(str(tmp_path))
    clear_rule_caches()
    try:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            assert _found() == [("260处", "处"), ("3.2亿元", "CNY")]
            assert _found() == [("260处", "处"), ("3.2亿元", "CNY")]
        [message] = _pack_warnings(record)
        assert message.startswith(f"rule pack 'broken' left out, the built-in rules go on without it: its entry point '{module}:RULES' fails: ")
        assert fault in message
    finally:
        monkeypatch.undo()
        clear_rule_caches()


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_packs_can_be_turned_off(pack: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    (pack / "measure_words.toml").write_text(GOOD_MEASURE, encoding="utf-8")
    assert _found()[0] == ("260处次", "处次")
    monkeypatch.setenv("CNREPORT_NO_PACKS", value)
    clear_rule_caches()
    assert loader.packs() == ()
    assert _found()[0] == ("260处", "处")


@pytest.mark.parametrize("value", ["", "0", "no"])
def test_packs_stay_on_otherwise(pack: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    (pack / "measure_words.toml").write_text(GOOD_MEASURE, encoding="utf-8")
    monkeypatch.setenv("CNREPORT_NO_PACKS", value)
    clear_rule_caches()
    assert _found()[0] == ("260处次", "处次")


def test_a_pack_author_can_make_the_warning_an_error(pack: Path) -> None:
    (pack / "measure_words.toml").write_text('[[measure]]\nword = "处次"\n', encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", loader.RulePackWarning)
        with pytest.raises(loader.RulePackWarning, match=r"test_pack.*measure_words\.toml.*examples"):
            cnreport.parse(SENTENCE)


def test_an_error_in_the_built_in_rules_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a pack is left out: a fault of the library's own files is a defect, and raises."""
    real = loader.rule_files.__wrapped__

    def broken(name: str) -> tuple[tuple[str, dict[str, object]], ...]:
        if name == "measure_words.toml":
            return (("cnreport/rules/measure_words.toml", {"measure": [{"word": "个"}]}),)
        return real(name)  # type: ignore[no-any-return]

    monkeypatch.setattr(loader, "rule_files", functools.cache(broken))
    clear_rule_caches()
    try:
        with pytest.raises(loader.RuleError, match=r"^cnreport/rules/measure_words\.toml: measure #1 个: every entry needs"):
            cnreport.parse(SENTENCE)
    finally:
        monkeypatch.undo()
        clear_rule_caches()


def test_threads_leave_a_pack_out_once(pack: Path) -> None:
    (pack / "measure_words.toml").write_text('[[measure]]\nword = "处次"\n', encoding="utf-8")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda _: _found(), range(16)))
    assert got == [[("260处", "处"), ("3.2亿元", "CNY")]] * 16
    assert len(_pack_warnings(record)) == 1
