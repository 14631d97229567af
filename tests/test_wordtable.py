"""The compact table of jieba's dictionary that ``parse`` reads instead of jieba."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import textwrap
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnreport import wordtable
from cnreport.segment import jieba_tokenizer, quantity_lexicon, word_table
from cnreport.wordtable import WordTable, build_word_table

# characters and pieces of the kind reports are written in, to build texts from
_CHARS = (
    "全县完成固定资产投资亿元新建高标准农田万亩长沙机场工程项目建设推进城乡发展经济增长中国共产党"
    "人民政府工作报告江河湖水库治理生态环境保护企业有限公司科技创新产业园区同比下降成长乡镇街道"
    "abcXYZ0123456789.%-+#& \n\r\t，。、（）“”"
)
_PIECES = ["\r\n", "亿元", "万吨", "长沙", "机场", "成长", "完成", "研究生命", "起源", "61.52", "5G", "T恤", "万人次"]

texts = st.lists(st.one_of(st.sampled_from(_CHARS), st.sampled_from(_PIECES)), max_size=40).map("".join)


def _jieba_ends(text: str) -> list[int]:
    ends = [0]
    for w in jieba_tokenizer().cut(text, HMM=False):
        ends.append(ends[-1] + len(w))
    return ends


def test_every_word_and_prefix_of_jiebas_dictionary_has_jiebas_frequency() -> None:
    table, freq = word_table(), jieba_tokenizer().FREQ
    wrong = [(w, n, table.freq(w)) for w, n in freq.items() if table.freq(w) != n or not table.opens_word(w)]
    assert wrong == []
    assert table.total == jieba_tokenizer().total


def test_every_tag_is_the_one_jieba_posseg_reads() -> None:
    import jieba.posseg

    table = word_table()
    tags = jieba.posseg.dt.word_tag_tab
    assert [(w, t) for w, t in tags.items() if table.tag(w) != t] == []
    # words the library adds have a frequency and no tag
    added = [w for w in quantity_lexicon() if w not in tags]
    assert added and all(table.freq(w) > 0 and table.tag(w, "?") == "?" for w in added)


@pytest.mark.parametrize(
    ("word", "freq", "tag"),
    [("长江", None, "ns"), ("完成", None, "v"), ("亿元", None, "m"), ("长沙机", 0, None), ("", 0, None)],
)
def test_lookups(word: str, freq: int | None, tag: str | None) -> None:
    table = word_table()
    assert table.freq(word) == (jieba_tokenizer().FREQ.get(word, 0) if freq is None else freq)
    assert table.tag(word) == tag


@pytest.mark.parametrize("word", ["壤塘\t", "壤塘\t3", "长江\n", "\t", "\n长江", "长\t江", "亿元\t12\tm"])
def test_a_string_holding_an_entry_separator_is_no_word(word: str) -> None:
    # the entries are written word, tab, frequency, tab, tag, line end: a searched string that
    # holds a separator must not match across an entry's fields
    table = word_table()
    assert (table.freq(word), table.tag(word), table.opens_word(word)) == (0, None, False)


@given(st.sampled_from(sorted(jieba_tokenizer().FREQ)[::97]), st.sampled_from(["\t", "\n", "\t3", "\n1\t", "\t\t"]))
def test_a_word_followed_by_a_separator_is_no_word(word: str, tail: str) -> None:
    table = word_table()
    assert table.freq(word + tail) == 0 and table.freq(word) == jieba_tokenizer().FREQ[word]


def test_the_block_patterns_are_jiebas() -> None:
    """The table cuts without importing jieba, so it keeps copies of jieba's three patterns."""
    import jieba

    assert wordtable._HAN.pattern == jieba.re_han_default.pattern
    assert wordtable._SKIP.pattern == jieba.re_skip_default.pattern
    assert wordtable._ENG.pattern == jieba.re_eng.pattern


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("完成长沙机场", ["完成", "长沙", "机场"]),
        ("研究生命起源", ["研究", "生命", "起源"]),
        ("投资61.52亿元", ["投资", "61", ".", "52", "亿元"]),  # no HMM: digits join, the point stands alone
        ("abc 5G网络", ["abc", " ", "5G", "网络"]),
        ("", []),
    ],
)
def test_cut_ends_golden(text: str, words: list[str]) -> None:
    ends = word_table().cut_ends(text)
    assert [text[a:b] for a, b in pairwise(ends)] == words


@settings(max_examples=300, deadline=None)
@given(texts)
def test_cut_ends_is_jiebas_cut_without_hmm(text: str) -> None:
    assert word_table().cut_ends(text) == _jieba_ends(text)


@pytest.mark.parametrize(
    ("text", "p", "boundary"),
    [
        ("全县完成长沙机场扩建", 4, True),  # 完成/长沙: 成长 is a word, the best cut still cuts
        ("研究生命起源", 3, False),  # 生命 holds the offset
        ("研究生命起源", 2, True),
        ("投资61.52亿元", 3, False),  # 61 joined
        ("abc 5G网络", 5, False),
    ],
)
def test_cuts_at_golden(text: str, p: int, boundary: bool) -> None:
    assert word_table().cuts_at(text, p) is boundary


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=10))
def test_cuts_at_is_the_boundary_of_the_window_cut(text: str, p: int, span: int) -> None:
    """The shortcuts (between Chinese characters, next to a mark or a space) give what the
    window's whole cut gives."""
    if not 0 < p < len(text):
        return
    q = max(0, p - span)
    assert word_table().cuts_at(text, p, span) == (p - q in word_table().cut_ends(text[q : p + span]))


def test_the_cache_file_is_written_once_and_read_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = ("亿元", "万吨")
    first = wordtable.word_table(words, tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 1 and files[0].startswith("words-") and files[0].endswith(".marshal")
    assert oct((tmp_path / files[0]).stat().st_mode & 0o777) == oct(0o600)

    def no_export(*_: object) -> WordTable:
        raise AssertionError("the cache should have been read")

    monkeypatch.setattr(wordtable, "build_word_table", no_export)
    again = wordtable.word_table(words, tmp_path)
    assert again.total == first.total and again.freq("亿元") == first.freq("亿元") > 0
    # other added words are another table, in another file
    monkeypatch.undo()
    wordtable.word_table(("亿元",), tmp_path)
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.parametrize("damage", [b"", b"not marshal", marshal.dumps((0, 1, {}))])
def test_a_damaged_or_old_cache_file_is_exported_again(tmp_path: Path, damage: bytes) -> None:
    words = ("亿元",)
    wordtable.word_table(words, tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_bytes(damage)
    table = wordtable.word_table(words, tmp_path)
    assert table.freq("亿元") > 0 and table.tag("长江") == "ns"
    assert marshal.loads(path.read_bytes())[0] == wordtable._FORMAT


def test_a_read_only_cache_folder_still_gives_the_table(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    tmp_path.chmod(0o500)
    try:
        assert wordtable.word_table(("亿元",), tmp_path).freq("亿元") > 0
        assert list(tmp_path.iterdir()) == []
    finally:
        tmp_path.chmod(0o700)


def test_built_in_memory_without_a_folder() -> None:
    table = build_word_table(("亿元",))
    assert table.freq("亿元") == word_table().freq("亿元")


@pytest.mark.parametrize(("buckets", "total"), [([], 1), ({}, 0), ({}, 1.5)])
def test_bad_tables_are_refused(buckets: object, total: object) -> None:
    with pytest.raises(ValueError, match="dict of buckets and a positive total"):
        WordTable(buckets, total)  # type: ignore[arg-type]


def test_parse_reads_no_jieba_once_the_table_is_cached(tmp_path: Path) -> None:
    """With the cache in place a process parses a report sentence without importing jieba."""
    env = {**os.environ, "CNREPORT_CACHE_DIR": str(tmp_path)}
    code = textwrap.dedent(
        """
        import sys, cnreport
        r = cnreport.parse("全县完成固定资产投资12.5亿元，落实三个确保，长沙机场改扩建工程开工，湘江治理推进。")
        print([q.text for q in r.quantities])
        print(sorted(e.text for e in r.entities))
        print(sorted(m for m in sys.modules if m.split(".")[0] == "jieba"))
        """
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert second[:2] == first[:2]  # the first process exported the table with jieba
    assert second[0] == "['12.5亿元']"  # 三个确保 is a slogan: 确保 is a verb in the table
    assert "湘江" in second[1]
    assert second[2] == "[]"


def test_a_cache_directory_keeps_the_newest_files_of_a_kind(tmp_path: Path) -> None:
    for i in range(wordtable.KEEP_FILES + 2):
        old = tmp_path / f"words-old{i}.marshal"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    other = tmp_path / "automaton-aaa.pickle"
    other.write_bytes(b"y")
    os.utime(other, (1, 1))
    new = tmp_path / "words-new.marshal"
    wordtable.write_cache_file(new, lambda f: f.write(b"table"))
    kept = sorted(p.name for p in tmp_path.iterdir())
    # the new file and the newest old ones of its kind; files of another kind are left alone
    want = ["automaton-aaa.pickle", "words-new.marshal"] + [
        f"words-old{i}.marshal" for i in range(3, wordtable.KEEP_FILES + 2)
    ]
    assert kept == sorted(want) and new.read_bytes() == b"table"
