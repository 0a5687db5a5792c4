"""The HTML glossary, read back by html.parser and rendered by headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conceptmap import export
from conceptmap.export.markup import render_html
from test_export_pack import SCRIPT, TITLES, awkward, session  # noqa: F401


class Page(HTMLParser):
    """Everything the tests look at in a page: scripts, ids, links, attributes, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(str(attributes["id"]))
        if tag == "a" and "href" in attributes:
            self.hrefs.append(str(attributes["href"]))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def meta(self, key: str, value: str) -> dict[str, str | None] | None:
        return next((a for t, a in self.tags if t == "meta" and a.get(key) == value), None)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture
def page_text(session) -> str:
    return export.render_glossary(session.graph, export.select_concepts(session), "html")


def test_only_our_script_runs(page_text):
    page = parse(page_text)
    assert len(page.scripts) == 1
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    csp = page.meta("http-equiv", "Content-Security-Policy")
    assert csp is not None and f"script-src 'sha256-{digest}'" in str(csp["content"])
    assert "default-src 'none'" in str(csp["content"])
    assert not [(t, name) for t, a in page.tags for name in a if name.startswith("on")]
    assert not [t for t, _a in page.tags if t in ("img", "iframe", "object", "embed", "link")]


def test_hostile_content_is_text(page_text):
    text = parse(page_text).all_text
    assert f"Beta {SCRIPT}" in text  # the title, shown as written
    assert "<img src=x onerror=\"document.title='pwned'\">" in text
    assert "Delta | pipe [[wiki]] # hash" in text and "../../etc/passwd" in text
    assert "Advanced <b>stuff</b> & more" in text
    assert "<script>alert" not in page_text  # escaped in the source, never a tag


def test_every_title_and_cross_link(page_text):
    page = parse(page_text)
    for title in TITLES.values():
        assert title in page.all_text
    assert len(page.ids) == len(set(page.ids))
    internal = [h for h in page.hrefs if h.startswith("#")]
    assert {h[1:] for h in internal} <= set(page.ids)
    assert "#beta" in internal and "#area--basics" in internal  # glossary link rewritten; table of contents
    assert not [h for h in page.hrefs if h.endswith(".md")]
    assert set(page.hrefs) - set(internal) == {"https://example.com", "https://example.com/auto"}


def test_page_is_responsive_and_printable(page_text):
    page = parse(page_text)
    viewport = page.meta("name", "viewport")
    assert viewport is not None and "width=device-width" in str(viewport["content"])
    assert "@media print" in page_text and 'id="cm--toc"' in page_text and 'id="cm--filter"' in page_text
    assert "http" not in page_text.split("<body>")[0].replace("http-equiv", "")  # nothing fetched


def test_definition_links_are_safe():
    html = render_html("[x](javascript:alert(1)) [y](data:text/html,hi) [z](other.md) ![i](https://e.com/i.png)", lambda cid: None)
    assert "javascript:" not in html.split("[x]")[0] and "<a" not in html and "<img" not in html
    assert html.strip() == "<p>[x](javascript:alert(1)) [y](data:text/html,hi) z i</p>"


def test_definition_headings_are_demoted(page_text):
    assert "<h5>Details</h5>" in page_text and "<h4>Éclair</h4>" in page_text
    assert not re.search(r"<h1>(?!Glossary)", page_text)


def test_alpha_sort_sections(session):
    page = parse(export.render_glossary(session.graph, export.select_concepts(session), "html", sort="alpha"))
    assert [i for i in page.ids if i.startswith("letter--")] == ["letter--a", "letter--b", "letter--d", "letter--e", "letter--other"]


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome", "chrome")) if p), None)


def test_renders_in_headless_chromium(session, tmp_path):
    browser = find_chromium()
    if browser is None:
        pytest.skip("no chromium binary found")
    out = export.write_glossary(session.graph, export.select_concepts(session), "html", tmp_path / "glossary.html")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", Path(out).resolve().as_uri()]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-800:]
    dom = parse(proc.stdout)
    html_attrs = next(a for t, a in dom.tags if t == "html")
    assert html_attrs.get("data-filter") == "ready"  # our script ran under the page's CSP
    box = next(a for t, a in dom.tags if a.get("id") == "cm--filter-box")
    assert "hidden" not in box
    assert f"Beta {SCRIPT}" in dom.all_text and "pwned" not in proc.stdout.split("<body")[0]
    assert len(dom.scripts) == 1 and not [(t, n) for t, a in dom.tags for n in a if n.startswith("on")]
