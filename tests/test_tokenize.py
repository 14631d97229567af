"""Tokens: true offsets, jieba's words with the library's lexicon, pkuseg through spaCy,
alignment with quantities and entities, linear time, one build from many threads, no
stray cache files and no network."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport import Report, Token, segment, tokenize
from cnreport.normalize import normalize
from cnreport.segment import cuts, lexicon, lexicon_tokenizer

# fmt: off
GOLDEN = [
    ("今年以来，园区规上工业总产值完成48.6亿元，同比增长11.2%。",
     ["今年以来", "，", "园区", "规上工业总产值", "完成", "48.6亿元", "，", "同比", "增长", "11.2%", "。"]),
    ("年底前完成滨江大道沥青摊铺3.5万平方米，新建污水管网12公里。",
     ["年底", "前", "完成", "滨江", "大道", "沥青", "摊铺", "3.5万平方米", "，", "新建", "污水", "管网", "12公里", "。"]),
    ("守护丹江口水库一库清水，全年水质达标率100%。",
     ["守护", "丹江口水库", "一库", "清水", "，", "全年", "水质", "达标率", "100%", "。"]),
    # full-width digits and a traditional scale word: cut on the normalised text, offsets into the original
    ("全镇实现地区生产总值２８．６億元 ，增长 6.5 % 。",
     ["全镇", "实现", "地区生产总值", "２８．６億元", "，", "增长", "6.5 %", "。"]),
]
# fmt: on

SENTENCES = [text for text, _ in GOLDEN] + [
    "沿青溪河两侧新植杨树2000株，完成荒山造林1.2万亩。",
    "要加大对瑞丰科技、宏达机械等企业的帮扶，以柳塘村为试点推进垃圾分类。",
    "推进汉水流域水环境治理，华尔康硝酸扩能项目一期建成投产。",
    "1-6月规模工业应税销售累计9.26亿元，R&D经费支出增长15%。",
    "  新增规上企业 8 家\n\n 其中高新技术企业3家\r\n",
    "",
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN, ids=[t[:8] for t, _ in GOLDEN])
def test_golden_tokens(text: str, expected: list[str]) -> None:
    assert [t.text for t in tokenize(text)] == expected


def _check_tokens(text: str, tokens: tuple[Token, ...]) -> None:
    """True offsets, in order, not overlapping, and only whitespace between them."""
    last = 0
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert t.start >= last and t.end > t.start
        assert text[last : t.start].strip() == ""
        assert not t.text.isspace()
        last = t.end
    assert text[last:].strip() == ""


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("年月亿万元个项目投资完成增长1234567890.%-—－ ，。\n\t 　ａＢ１２x工业总产值规上湖河村")
        ),
        max_size=60,
    )
)
def test_offsets_are_true_for_any_text(text: str) -> None:
    for segmenter in ("jieba", "char"):
        _check_tokens(text, tokenize(text, segmenter))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_any_string_gives_tokens(text: str) -> None:
    _check_tokens(text, tokenize(text))


# ---------------------------------------------------------------------------
# the jieba backend is jieba, with the lexicon, word for word


@pytest.fixture(scope="module")
def jieba_with_lexicon():  # type: ignore[no-untyped-def]
    return lexicon_tokenizer()


def _words(text: str) -> list[str]:
    c = cuts(text)
    return [text[a:b] for a, b in itertools.pairwise(c)]


@pytest.mark.parametrize("text", SENTENCES)
def test_jieba_backend_gives_jiebas_words(jieba_with_lexicon, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _words(text) == list(jieba_with_lexicon.cut(text))


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞1234567890.%-， 。\n"
            )
        ),
        max_size=120,
    )
)
def test_jieba_backend_matches_jieba_on_random_text(jieba_with_lexicon, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _words(text) == list(jieba_with_lexicon.cut(text))


@pytest.mark.parametrize("run", ["年" * 3000, "亿" * 2000, "龘䶮𠀀" * 500, "年产" * 1500 + "x" * 300, "鑫淼焱" * 700])
def test_long_runs_give_jiebas_words(jieba_with_lexicon, run: str) -> None:  # type: ignore[no-untyped-def]
    """The linear HMM gives the words of jieba's quadratic one."""
    assert _words(run) == list(jieba_with_lexicon.cut(run))


def test_jieba_backend_matches_jieba_on_the_development_reports(jieba_with_lexicon) -> None:  # type: ignore[no-untyped-def]
    files = sorted((SHARED / "corpus").glob("*.txt"))
    if not files:
        pytest.skip("../shared/corpus is not present")
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            assert _words(line) == list(jieba_with_lexicon.cut(line)), f"{f.name}: {line[:30]}"


@pytest.mark.parametrize("char", ["年", "亿", "鑫"])
def test_long_runs_of_one_character_give_jiebas_words(char: str) -> None:
    """jieba's own HMM is quadratic on such runs (35 s on 125,000 × 年; the linear one's figures
    are in benchmarks/tokens.py): the words are jieba's where jieba still answers, and a run of
    125,000 comes back whole, in order."""
    from cnreport.segment import lexicon_tokenizer

    assert [t.text for t in tokenize(char * 3000)] == list(lexicon_tokenizer().cut(char * 3000))
    tokens = tokenize(char * 125_000)
    assert "".join(t.text for t in tokens) == char * 125_000
    assert all(a.end == b.start for a, b in itertools.pairwise(tokens))


# ---------------------------------------------------------------------------
# the lexicon


@pytest.mark.parametrize(
    "word",
    [
        "亿元",
        "万吨",
        "平方米",
        "规模以上工业总产值",
        "规上工业总产值",
        "固定资产投资",
        "丹江口水库",
        "黑龙江",
        "乌鲁木齐",
        "渝东北",  # the pairs a [[name]] entry makes with its then (渝 + 东北), as the entity rules read them
        "赣东北",
    ],
)
def test_lexicon_holds_units_scales_indicator_and_gazetteer_names(word: str) -> None:
    assert word in lexicon()


def test_every_lexicon_word_that_jieba_can_hold_is_one_token() -> None:
    import jieba

    wholes = [w for w in lexicon() if jieba.re_han_default.fullmatch(w)]
    assert len(wholes) > 500
    assert [w for w in wholes if _words(w) != [w]] == []
    # a quantity inside a name is its own token (七台 in 七台河): the rest stays whole
    # (and a name that normalisation rewrites, 乾安 read as 干安, is segmented as rewritten)
    plain = [w for w in wholes if not cnreport.parse(w).quantities and normalize(w).text == w]
    assert [w for w in plain if [t.text for t in tokenize(w)] != [w]] == []


def test_a_rule_packs_indicator_name_joins_the_lexicon(pack: Path) -> None:
    (pack / "indicators.toml").write_text(
        textwrap.dedent(
            """
            [[indicator]]
            id = "blue_sky_days"
            label = "蓝天碧水天数"
            en = "days of clear sky and water"
            names = ["蓝天碧水天数"]
            examples = [{ text = "全年蓝天碧水天数达到286天", name = "蓝天碧水天数" }]
            """
        ),
        encoding="utf-8",
    )
    try:
        segment.lexicon.cache_clear()
        segment._jieba_dictionary.cache_clear()
        assert "蓝天碧水天数" in lexicon()
        assert "蓝天碧水天数" in [t.text for t in tokenize("全年蓝天碧水天数达到286天")]
    finally:
        segment.lexicon.cache_clear()
        segment._jieba_dictionary.cache_clear()


# ---------------------------------------------------------------------------
# alignment with the report's items


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("segmenter", ["jieba", "char"])
def test_report_items_are_runs_of_whole_tokens(text: str, segmenter: str) -> None:
    report = cnreport.parse(text)
    tokens = tokenize(report, segmenter)
    _check_tokens(text, tokens)
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    for item in (*report.quantities, *report.entities):
        assert item.start in starts and item.end in ends, item
    whole = {(t.start, t.end) for t in tokens}
    assert all((q.start, q.end) in whole for q in report.quantities)


def test_entities_split_a_jieba_word_when_given_the_report() -> None:
    text = "以柳塘村为试点，要加大对瑞丰科技的帮扶。"
    assert "以柳" in _words(text) and "对瑞丰" in _words(text)
    report = cnreport.parse(text, gazetteer={"PLACE": ["柳塘村"], "COMPANY": ["瑞丰科技"]})
    assert {(e.text, e.label.value) for e in report.entities} >= {("柳塘村", "PLACE"), ("瑞丰科技", "COMPANY")}
    assert [t.text for t in tokenize(report)][:4] == ["以", "柳", "塘村", "为"]
    assert "对" in [t.text for t in tokenize(report)]
    # a text alone is not searched for entities: jieba's words stand
    assert [t.text for t in tokenize(text)][:2] == ["以柳", "塘村"]


def test_gazetteer_names_of_the_report_are_aligned() -> None:
    text = "走访对蓝鲸重工等企业"
    report = cnreport.parse(text, gazetteer={"COMPANY": ["蓝鲸重工"]})
    assert [(e.text, e.label.value) for e in report.entities] == [("蓝鲸重工", "COMPANY")]
    tokens = [t.text for t in tokenize(report)]
    assert "".join(tokens[tokens.index("对") + 1 :]).startswith("蓝鲸重工")


def test_tokens_are_frozen_values() -> None:
    (t,) = tokenize("亿元")
    assert t == Token(0, 2, "亿元")
    assert Token.from_dict(t.to_dict()) == t
    with pytest.raises(AttributeError):
        t.start = 1  # type: ignore[misc]


def test_reports_are_immutable_and_carry_no_token_cache() -> None:
    report = cnreport.parse("新增规上企业8家")
    assert not hasattr(report, "tokens") and not hasattr(report, "_tokens")
    assert not any(name.startswith("_") for name in Report.__dataclass_fields__)
    before = report.to_dict()
    tokenize(report)
    report.section_at(0)
    assert report.to_dict() == before


# ---------------------------------------------------------------------------
# errors


@pytest.mark.parametrize(("bad", "message"), [(b"abc", "bytes: decode it first"), (None, "NoneType"), (3, "int")])
def test_wrong_text_type(bad: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        tokenize(bad)  # type: ignore[arg-type]


def test_unknown_segmenter_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"\['jieba', 'pkuseg', 'char'\], got 'thulac'"):
        tokenize("园区", "thulac")


def test_pkuseg_without_a_model_says_where_to_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(segment.PKUSEG_MODEL_ENV, raising=False)
    with pytest.raises(ValueError, match="pkuseg_model=PATH") as err:
        tokenize("园区", "pkuseg")
    message = str(err.value)
    assert "spacy-pkuseg/releases" in message and "spacy_pkuseg.train" in message
    assert "CNREPORT_PKUSEG_MODEL" in message


@pytest.mark.parametrize("model", ["spacy_ontonotes", "news", "/nonexistent/pkuseg/model"])
def test_a_model_name_is_not_downloaded(model: str) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        tokenize("园区", "pkuseg", pkuseg_model=model)


def test_a_folder_without_a_model(tmp_path: Path) -> None:
    (tmp_path / "weights.npz").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"has no features\.msgpack"):
        tokenize("园区", "pkuseg", pkuseg_model=tmp_path)
    with pytest.raises(TypeError, match="pkuseg_model must be a path"):
        tokenize("园区", "pkuseg", pkuseg_model=3)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# pkuseg through spaCy, with a model trained here

TRAINING = """\
全年 完成 固定资产 投资 12.5 亿元 ， 同比 增长 8.3% 。
新 引进 工业 项目 6 个 ， 其中 亿元 以上 项目 3 个 。
园区 规模 以上 工业 总产值 达到 61.52 亿元 。
加快 推进 污水 处理厂 扩建 工程 建设 。
实现 一般 公共 预算 收入 3.2 亿元 ， 增长 5% 。
新增 规上 企业 12 家 ， 高新技术 企业 5 家 。
完成 农村 道路 改造 40 公里 。
全镇 粮食 总产量 稳定 在 3.6 万吨 。
推进 河道 综合 整治 ， 清理 淤泥 8 万 立方米 。
城乡 居民 人均 可支配 收入 增长 7.1% 。
年底 前 建成 标准 厂房 10 万 平方米 。
签约 项目 总 投资 25 亿元 。
持续 改善 生态 环境 ， 推进 垃圾 分类 。
加快 建设 污水 管网 ， 提升 处理 能力 。
"""


def train_pkuseg_model(folder: Path) -> Path:
    """A tiny pkuseg model trained with spacy_pkuseg on the sentences above, in ``folder/model``."""
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    pytest.importorskip("spacy")
    train = folder / "train.txt"
    train.write_text(TRAINING, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        spacy_pkuseg.train(str(train), str(train), str(folder / "model"), train_iter=10)
    return folder / "model"


@pytest.fixture(scope="module")
def pkuseg_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_pkuseg_model(tmp_path_factory.mktemp("pkuseg"))


def test_pkuseg_tokens_are_the_models_words(pkuseg_model: Path) -> None:
    import spacy_pkuseg

    text = "加快推进污水处理厂扩建工程建设，持续改善生态环境。"
    words = spacy_pkuseg.pkuseg(str(pkuseg_model)).cut(text)
    assert "".join(words) == text and len(words) > 5
    assert [t.text for t in tokenize(text, "pkuseg", pkuseg_model=pkuseg_model)] == words


def test_pkuseg_offsets_and_quantities(pkuseg_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "  全年完成固定资产投资12.5亿元，\n 同比增长8.3%。 "
    tokens = tokenize(text, "pkuseg", pkuseg_model=str(pkuseg_model))
    _check_tokens(text, tokens)
    assert "12.5亿元" in [t.text for t in tokens] and "8.3%" in [t.text for t in tokens]
    monkeypatch.setenv(segment.PKUSEG_MODEL_ENV, str(pkuseg_model))
    assert tokenize(text, "pkuseg") == tokens


@pytest.mark.parametrize("text", SENTENCES)
def test_pkuseg_report_items_are_runs_of_whole_tokens(pkuseg_model: Path, text: str) -> None:
    report = cnreport.parse(text)
    tokens = tokenize(report, "pkuseg", pkuseg_model=pkuseg_model)
    _check_tokens(text, tokens)
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    assert all(i.start in starts and i.end in ends for i in (*report.quantities, *report.entities))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def test_no_backend_touches_the_network(pkuseg_model: Path, no_network: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "_pkuseg_cache", {})  # load the model again, with the network refused
    text = "全年完成固定资产投资12.5亿元"
    for name in ("jieba", "char"):
        assert "12.5亿元" in [t.text for t in tokenize(text, name)]
    assert "12.5亿元" in [t.text for t in tokenize(text, "pkuseg", pkuseg_model=pkuseg_model)]


# ---------------------------------------------------------------------------
# processes: one build from many threads, no stray cache


def _run(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_first_use_from_eight_threads_builds_jieba_once() -> None:
    out = _run(
        """
        import threading
        import jieba
        built = []
        initialize = jieba.Tokenizer.initialize
        def counting(self, *args, **kwargs):
            built.append(id(self))
            return initialize(self, *args, **kwargs)
        jieba.Tokenizer.initialize = counting
        import cnreport
        barrier = threading.Barrier(8)
        results = []
        def work():
            barrier.wait()
            results.append(tuple(t.text for t in cnreport.tokenize("全年完成投资61.52亿元")))
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(len(set(built)), len(results), len(set(results)))
        """,
        dict(os.environ),
    )
    assert out.split() == ["1", "8", "1"]


def test_first_parse_from_eight_threads_builds_rules_matchers_and_model_once() -> None:
    out = _run(
        """
        import collections, threading
        import opencc
        from cnreport import loader, quantities, times
        from cnreport.entities import core
        built = collections.Counter()
        def counting(owner, name, key):
            real = getattr(owner, name)
            def wrapper(*args, **kwargs):
                built[key(*args) if key else owner.__name__] += 1
                return real(*args, **kwargs)
            setattr(owner, name, wrapper)
        counting(core.EntityExtractor, "__init__", None)
        counting(quantities.QuantityMatcher, "__init__", None)
        counting(opencc.OpenCC, "__init__", None)
        counting(loader, "_parse", lambda text, source: source)
        counting(times, "TimeRules", None)
        import cnreport
        barrier = threading.Barrier(8)
        results = []
        def work():
            barrier.wait()
            results.append(cnreport.parse("1-6月，全区完成投资61.52億元，通顺河整治完工。").to_json())
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(len(results), len(set(results)), max(built.values()), " ".join(sorted(built)))
        """,
        dict(os.environ),
    )
    n, distinct, most, names = out.split(maxsplit=3)
    assert (n, distinct, most) == ("8", "1", "1"), out
    assert {"EntityExtractor", "QuantityMatcher", "OpenCC", "cnreport.times", "cnreport/rules/companies.toml"} <= set(names.split())


@pytest.mark.parametrize("cache", ["unusable", "usable"])
def test_no_jieba_cache_is_left_in_the_temporary_folder(tmp_path: Path, cache: str) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    folder = blocker / "cache" if cache == "unusable" else tmp_path / "cache"
    env = {**os.environ, "CNREPORT_CACHE_DIR": str(folder), "TMPDIR": str(tmp)}
    out = _run('import cnreport; print(" ".join(t.text for t in cnreport.tokenize("完成投资61.52亿元")))', env)
    assert out.strip() == "完成 投资 61.52亿元"
    assert sorted(os.listdir(tmp)) == []
    if cache == "usable":
        assert (folder / "jieba.cache").is_file()


def test_same_tokens_from_threads_and_from_another_process() -> None:
    texts = [t for t in SENTENCES if t] * 4
    serial = [tokenize(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(tokenize, texts)) == serial
    code = f"""
        import json, cnreport
        print(json.dumps([[t.to_dict() for t in cnreport.tokenize(x)] for x in {texts!r}], ensure_ascii=False))
        """
    other = json.loads(_run(code, dict(os.environ)))
    assert [tuple(Token.from_dict(d) for d in row) for row in other] == serial
