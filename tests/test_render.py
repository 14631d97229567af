"""The review page: highlighted entities and quantities (read back from the page and,
in headless Chromium, from the rendered DOM), the tables, escaping, odd input."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("spacy")

import cnreport
from cnreport import Entity, Quantity, Report
from cnreport.render import quantity_value, render

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "zone_half_year_2021.txt"

TEXT = """城东新区2022年上半年工作总结

一、主要指标
上半年完成规上工业总产值36.8亿元，同比增长9.2%；完成固定资产投资12.4亿元。
二、重点项目
瑞丰科技年产3万吨改性塑料项目完成投资2.1亿元，对蓝鲸重工扩建项目追加投资5000万元。
沿滹沱河两侧新植杨树2000株，以东坪村为试点推进垃圾分类 <b>&</b> 回收。
"""


# ---------------------------------------------------------------------------
# reading a page back: a small DOM


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, pred) -> list[Node]:  # type: ignore[no-untyped-def]
        out = [self] if pred(self) else []
        for c in self.children:
            if isinstance(c, Node):
                out.extend(c.find_all(pred))
        return out

    def direct_text(self) -> str:
        return "".join(c for c in self.children if isinstance(c, str))

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Builder(HTMLParser):
    VOID = frozenset({"meta", "br", "link", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def dom(html: str) -> Node:
    b = _Builder()
    b.feed(html)
    b.close()
    return b.root


def highlighted(page: Node) -> list[tuple[int, str, str]]:
    """``(number, label, text)`` of every span the page draws: a span starts at a
    token holding a start marker at some height and runs over the following tokens
    that hold a slice at that height."""
    out = []
    for para in page.find_all(lambda n: "spans" in n.classes()):
        open_: dict[str, list[str]] = {}

        def close(top: str, open_: dict[str, list[str]] = open_) -> None:
            number, label, text = open_.pop(top)
            out.append((int(number), label, text))

        for child in para.children:
            if isinstance(child, str):
                if child.strip():  # plain text: every span has ended
                    for top in list(open_):
                        close(top)
                continue
            if "cnr-token" not in child.classes():
                continue
            slices = {s.attrs["data-top"] for s in child.children if isinstance(s, Node) and "cnr-slice" in s.classes()}
            starts = {}
            for s in child.children:
                if isinstance(s, Node) and "cnr-start" in s.classes():
                    (label_node,) = [n for n in s.children if isinstance(n, Node)]
                    (anchor,) = [n for n in label_node.children if isinstance(n, Node) and n.tag == "a"]
                    assert anchor.attrs["href"] == f"#item-{anchor.text().strip()}"
                    starts[s.attrs["data-top"]] = (anchor.text().strip(), label_node.direct_text().strip())
            for top in list(open_):
                if top not in slices or top in starts:
                    close(top)
            for top, (number, label) in starts.items():
                open_[top] = [number, label, ""]
            for top in slices:
                open_[top][2] += child.direct_text()
        for top in list(open_):
            close(top)
    return sorted(out)


def _label(item: Entity | Quantity) -> str:
    return item.label.value if isinstance(item, Entity) else item.kind.value.upper()


def items_in_order(report: Report) -> list[Entity | Quantity]:
    """The report's items as the page numbers them: text order, the longer first."""
    return sorted((*report.entities, *report.quantities), key=lambda i: (i.start, -i.end, _label(i)))


def expected(report: Report) -> list[tuple[int, str, str]]:
    return [(n, _label(it), it.text) for n, it in enumerate(items_in_order(report), 1)]


# ---------------------------------------------------------------------------
# the page as written


def test_every_entity_and_quantity_is_highlighted_with_its_label() -> None:
    report = cnreport.parse(TEXT)
    assert {e.label.value for e in report.entities} >= {"COMPANY", "PROJECT", "WATER", "PLACE"}
    page = dom(render(report))
    assert highlighted(page) == expected(report)


def test_a_real_report_is_highlighted_whole() -> None:
    report = cnreport.parse(EXAMPLE.read_text(encoding="utf-8"))
    assert len(report.quantities) > 50 and len(report.projects) > 5
    assert highlighted(dom(render(report))) == expected(report)


def test_items_table_says_what_was_read_and_links_to_records() -> None:
    report = cnreport.parse(TEXT)
    page = dom(render(report))
    rows = {r.attrs["id"]: r for r in page.find_all(lambda n: n.tag == "tr" and "id" in n.attrs)}
    items = items_in_order(report)
    assert len(items) == len([r for r in rows if r.startswith("item-")])
    for n, item in enumerate(items, 1):
        cells = [c.text() for c in rows[f"item-{n}"].children if isinstance(c, Node)]
        assert cells[:3] == [str(n), _label(item), item.text] and cells[6] == f"{item.start}–{item.end}"
        assert cells[3] == (quantity_value(item) if isinstance(item, Quantity) else item.name)
    money = next(q for q in report.quantities if q.text == "36.8亿元")
    assert quantity_value(money) == "3680000000 CNY"
    # the money of an indicator links to its row, which shows it
    links = [a for a in page.find_all(lambda n: n.tag == "a") if a.attrs.get("href", "").startswith("#indicator-")]
    assert links
    for a in links:
        target = rows[a.attrs["href"][1:]]
        assert target.tag == "tr"


def _cells(row: Node) -> list[str]:
    return [c.text() for c in row.children if isinstance(c, Node)]


def test_tables_hold_the_indicator_and_project_rows() -> None:
    report = cnreport.parse(TEXT)
    page = dom(render(report))
    indicators = page.find_all(lambda n: n.tag == "tr" and n.attrs.get("id", "").startswith("indicator-"))
    projects = page.find_all(lambda n: n.tag == "tr" and n.attrs.get("id", "").startswith("project-"))
    assert [_cells(r)[1] for r in indicators] == [i.name for i in report.indicators]
    assert [_cells(r)[1] for r in projects] == [p.name for p in report.projects]
    assert report.indicators and report.projects
    body = page.text()
    assert "3680000000 CNY" in body and "9.2 % (year_on_year)" in body


def test_the_page_says_where_the_site_s_matter_starts() -> None:
    text = TEXT + "\n分享到：\n上一篇：某某县2023年政府工作报告\n"
    report = cnreport.parse(text)
    assert report.page_end == text.index("分享到")
    assert f"from character {report.page_end} on" in dom(render(report)).text()
    assert "Site matter" not in dom(render(cnreport.parse(TEXT))).text()


def test_text_is_escaped_and_the_page_declares_utf8() -> None:
    html = render(TEXT)
    assert "<b>&</b>" not in html and "&lt;b&gt;&amp;&lt;/b&gt;" in html
    assert '<meta charset="utf-8">' in html
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")


@pytest.mark.parametrize("text", ["", "\n\n", "   ", "<script>alert(1)</script>"])
def test_odd_texts_give_a_page(text: str) -> None:
    html = render(text)
    assert html.startswith("<!DOCTYPE html>") and "<script>" not in html


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("年产万吨亿元项目有限公司河村123.%\n <>&\"'")), max_size=80))
def test_any_text_renders_and_keeps_every_item(text: str) -> None:
    report = cnreport.parse(text)
    assert highlighted(dom(render(report))) == expected(report)


def test_wrong_type() -> None:
    with pytest.raises(TypeError, match="Report or str, got bytes"):
        render(b"abc")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# the page in a browser

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium; .ci/run installs it)"
)
def test_headless_chromium_shows_every_highlighted_span(tmp_path: Path) -> None:
    report = cnreport.parse(EXAMPLE.read_text(encoding="utf-8"))
    page = tmp_path / "review.html"
    page.write_text(render(report), encoding="utf-8")
    assert CHROMIUM is not None
    out, err = tmp_path / "dom.html", tmp_path / "chromium.log"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--dump-dom",
        page.as_uri(),
    ]
    # Chromium starts helper processes of its own: it runs in a session of its own, writes
    # to files rather than pipes, and the whole session is killed if it does not answer, so
    # a browser that hangs on a machine cannot hang the tests.
    with out.open("wb") as stdout, err.open("wb") as stderr:
        browser = subprocess.Popen(command, stdout=stdout, stderr=stderr, start_new_session=True)
        try:
            code = browser.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.wait()
            pytest.skip("headless Chromium did not answer within 120 s on this machine")
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(browser.pid, signal.SIGKILL)
    assert code == 0, err.read_text(errors="replace")[-2000:]
    rendered = dom(out.read_text(encoding="utf-8"))
    assert highlighted(rendered) == expected(report)
    title = rendered.find_all(lambda n: n.tag == "h1")[0].text()
    assert title == report.title
    rows = rendered.find_all(lambda n: n.tag == "tr" and n.attrs.get("id", "").startswith(("indicator-", "project-")))
    assert len(rows) == len(report.indicators) + len(report.projects)
    assert re.search(r"86\.47亿元 = 8647000000 CNY", rendered.text())
