"""`newsclean report`: the report's data against the manifest, the page in a real (headless) Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners import run_pipeline
from cleaners.views.report import build_report, compare, summary_rows, to_html, to_markdown, write_report
from flows.cli import app

from ..helpers import RAW_SAMPLES, SHARED
from ..helpers import read_manifest

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus with copies (bench.corpus) plus three inputs that must be rejected.

    Its stories come from the BBC set in ../shared (120 documents) or, in a clone without it, from
    the bundled raw/ text samples (30 documents).
    """
    from bench.corpus import generate

    root = tmp_path_factory.mktemp("report")
    bbc = SHARED / "eval" / "news" / "bbc"
    if bbc.is_dir():
        generate(root / "gen", n=120, seed=3, source=bbc, quiet=True)
    else:
        shutil.copytree(RAW_SAMPLES, root / "stories", ignore=lambda d, names: [
            n for n in names if not n.endswith(".txt") and not (Path(d) / n).is_dir()])
        generate(root / "gen", n=30, seed=3, source=root / "stories", quiet=True)
    raw = root / "gen" / "raw"
    bad = raw / "bad"
    bad.mkdir()
    (bad / "scan.pdf").write_bytes(b"%PDF-1.4 not news")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "record.json").write_text('{"title": "no body"}')
    run_pipeline(raw, root / "clean")
    return root / "clean"


@pytest.fixture(scope="module")
def report(corpus: Path) -> dict:
    return build_report(corpus, top_clusters=5)


def test_counts_by_status_match_the_manifest(corpus: Path, report: dict) -> None:
    rows = read_manifest(corpus)
    assert report["documents"] == len(rows)
    assert {k: v for k, v in report["by_status"].items() if v} == dict(Counter(r["status"] for r in rows))
    assert report["articles"] == len(list((corpus / "articles").glob("*.json")))


def test_rejection_reasons_group_every_rejected_document_with_its_manifest_reason(corpus: Path, report: dict) -> None:
    rejected = {r["raw"]: r["reason"] for r in read_manifest(corpus) if r["status"] in ("rejected", "failed")}
    assert set(rejected) == {"bad/scan.pdf", "bad/empty.txt", "bad/record.json"}
    assert sum(g["count"] for g in report["rejections"]) == len(rejected)
    examples = {x["raw"]: x["reason"] for g in report["rejections"] for x in g["examples"]}
    assert examples == rejected  # each group shows the manifest's own sentence


def test_removals_count_every_removed_line_with_real_examples(corpus: Path, report: dict) -> None:
    from cleaners.views.cleandir import documents

    counted = Counter(r["rule"] for d in documents(corpus) if d.article for r in d.article["removed"])
    assert {r["rule"]: r["count"] for r in report["removals"]} == dict(counted)
    assert [r["count"] for r in report["removals"]] == sorted(counted.values(), reverse=True)
    texts = {(r["rule"], r["text"]) for d in documents(corpus) if d.article for r in d.article["removed"]}
    for rule in report["removals"]:
        assert 1 <= len(rule["examples"]) <= 3
        assert all((rule["rule"], x["text"]) in texts for x in rule["examples"])


def test_biggest_clusters_are_the_manifests_clusters_canonical_first(corpus: Path, report: dict) -> None:
    rows = read_manifest(corpus)
    groups = Counter(r["canonical_id"] for r in rows if r["canonical_id"])
    assert report["cluster_sizes"] == {str(k): v for k, v in sorted(Counter(groups.values()).items())}
    sizes = [c["size"] for c in report["clusters"]]
    assert sizes == sorted(groups.values(), reverse=True)[: len(sizes)] and sizes[0] > 1
    by_raw = {r["raw"]: r for r in rows}
    for cluster in report["clusters"]:
        head, *copies = cluster["members"]
        assert head["status"] == "canonical" and head["raw"] == cluster["canonical"]
        assert len({by_raw[m["raw"]]["canonical_id"] for m in cluster["members"]}) == 1
        assert all(m["status"] == "duplicate" and m["similarity"] == by_raw[m["raw"]]["similarity"] for m in copies)


def test_timeline_counts_every_cleaned_document_by_site_and_day(corpus: Path, report: dict) -> None:
    cleaned = sum(1 for r in read_manifest(corpus) if r["status"] in ("canonical", "duplicate"))
    assert sum(n for days in report["timeline"].values() for n in days.values()) == cleaned
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|undated", d) for days in report["timeline"].values() for d in days)


def test_compare_marks_what_differs_and_ignores_paragraphing() -> None:
    assert compare("A b c.\n\nD e.", "A b c. D e.") == [("=", "A b c. D e.")]
    assert compare("The mayor said on Monday.", "The mayor said on Tuesday.") == [
        ("=", "The mayor said on"), ("-", "Monday."), ("+", "Tuesday.")]
    assert compare("", "New text.") == [("+", "New text.")]


def test_markdown_and_table_artifacts_carry_the_same_counts(report: dict) -> None:
    md = to_markdown(report)
    for status, n in report["by_status"].items():
        assert f"| {status} | {n} |" in md
    assert all(f"| {r['rule']} | {r['count']} |" in md for r in report["removals"])
    assert "### Cluster of" in md
    rows = {r["what"]: r["count"] for r in summary_rows(report)}
    assert rows["status: canonical"] == report["by_status"]["canonical"]
    assert sum(v for k, v in rows.items() if k.startswith("rejected: ")) == 3


def test_page_is_self_contained(report: dict) -> None:
    page = to_html(report)
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", page)  # nothing fetched
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) == 2
    assert "<del>" in page and "<ins>" in page  # the first cluster's copies differ somewhere


def test_html_escapes_what_the_scrape_contains(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    body = ("\n\nThe council voted <script>alert(1)</script> on Monday to close the old bridge to lorries from May."
            "\n\nEngineers found cracks in two of the piers last winter, and the repairs are expected to take most "
            "of next year, the council's transport committee was told at its meeting on Monday evening.")
    (raw / "a.txt").write_text("Bridge <b>closes</b>" + body)
    (raw / "b.txt").write_text("Bridge <b>closes</b> to lorries" + body.replace("(1)", "(2)"))
    run_pipeline(raw, tmp_path / "clean")
    page = to_html(build_report(tmp_path / "clean"))
    assert "<script>" not in page and "<b>closes" not in page
    assert build_report(tmp_path / "clean")["clusters"]  # the two are copies: the texts are in the diff view
    assert "&lt;script&gt;alert(1)" in page and "Bridge &lt;b&gt;closes" in page


def test_report_command_writes_the_page_and_says_where(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>") and str(out) in result.output.replace("\n", "")
    data = json.loads(runner.invoke(app, ["report", str(corpus), "--json"]).output)
    assert data["documents"] == len(read_manifest(corpus))


def test_report_command_on_a_folder_without_a_run_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2
    assert "no newsclean run has written to" in result.output


def test_report_reads_only(corpus: Path, tmp_path: Path) -> None:
    """The report never changes the clean dir's data (it may run while a run is writing).

    SQLite readers share the WAL index (``state.db-shm``) and the first one may create an empty WAL
    (``state.db-wal``): those are not data and are left out, and so is the report's own chart cache
    (``chart_folder``), which the first report of a clean dir fills.
    """
    from cleaners.views.report import chart_folder

    def files() -> dict:
        return {p: p.read_bytes() for p in corpus.rglob("*")
                if p.is_file() and p.name != "report.html" and not p.name.endswith("-shm")
                and not (p.name.endswith("-wal") and p.stat().st_size == 0)
                and chart_folder(corpus) not in p.parents}

    before = files()
    write_report(corpus, tmp_path / "r.html")
    after = files()
    assert after == before


# ---- in a real browser --------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Added to a copy of the page only for the test: what a person sees, measured by the browser after load.
_PROBE = """<script>
addEventListener("load", () => {
  const seen = el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  const out = {
    headings: [...document.querySelectorAll("h2")].filter(seen).map(h => h.textContent),
    images: [...document.images].map(i => ({id: i.id, ok: i.complete && i.naturalWidth > 300,
                                            shown: seen(i), width: Math.round(i.getBoundingClientRect().width)})),
    cards: [...document.querySelectorAll(".card")].filter(seen).map(c => c.innerText.replace(/\\s+/g, " ").trim()),
    openDiffs: [...document.querySelectorAll("details[open] .side")].filter(seen).length,
    marked: [...document.querySelectorAll("details[open] del, details[open] ins")].filter(seen).length,
    overflow: document.documentElement.scrollWidth > innerWidth + 2,
    text: document.body.innerText,
  };
  const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def _chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--hide-scrollbars", "--window-size=1280,900", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def probe_page(page_html: str, probe: str, tmp_path: Path) -> dict:
    """What ``probe`` (a script that writes JSON into ``<pre id="probe">``) saw of ``page_html`` loaded
    in headless Chromium."""
    import html as html_lib

    page = tmp_path / "probe.html"
    page.write_text(page_html.replace("</body>", probe + "</body>"), encoding="utf-8")
    dom = _chromium(["--virtual-time-budget=10000", "--dump-dom", page.as_uri()], tmp_path).stdout
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert match, "the page did not finish loading in Chromium"
    return json.loads(html_lib.unescape(match.group(1)))


def _need_chromium() -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make test` installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (`make test` as root installs it: apt-get install chromium)")


def test_page_in_headless_chromium_shows_counts_charts_and_diffs(corpus: Path, report: dict, tmp_path: Path) -> None:
    _need_chromium()
    seen = probe_page(to_html(report), _PROBE, tmp_path)
    assert seen["headings"] == ["Documents by status", "Rejection reasons", "Removed by rule", "Charts",
                                "Biggest duplicate clusters"]
    canonical = report["by_status"]["canonical"]
    assert f"{canonical} canonical" in seen["cards"] and "3 rejected" in seen["cards"]
    assert [i["id"] for i in seen["images"]] == ["chart-timeline", "chart-clusters"]
    assert all(i["ok"] and i["shown"] and i["width"] > 300 for i in seen["images"]), seen["images"]
    assert seen["openDiffs"] >= 1 and seen["marked"] >= 2  # a side-by-side view with marked words is on screen
    assert not seen["overflow"]  # nothing sticks out sideways at 1280 px
    for text in ("unsupported file type", "empty file", report["removals"][0]["rule"],
                 report["clusters"][0]["members"][1]["raw"]):
        assert text in seen["text"]


def test_page_screenshot_is_not_blank(corpus: Path, report: dict, tmp_path: Path) -> None:
    _need_chromium()
    page = tmp_path / "report.html"
    page.write_text(to_html(report), encoding="utf-8")
    shot = tmp_path / "shot.png"
    _chromium([f"--screenshot={shot}", page.as_uri()], tmp_path)
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 900)
    colours = Counter(pixels)
    background = colours.most_common(1)[0][1]
    assert background < 0.97 * len(pixels) and len(colours) > 50  # text, cards and colour on a white page


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB pixels of a screenshot (every 4th row)."""
    from io import BytesIO

    from PIL import Image  # matplotlib's own dependency

    img = Image.open(BytesIO(data)).convert("RGB")
    w, h = img.size
    raw = img.tobytes()
    return w, h, [raw[i:i + 3] for y in range(0, h, 4) for i in range(y * w * 3, (y + 1) * w * 3, 3)]



def test_a_big_cluster_shows_its_least_similar_copies_side_by_side() -> None:
    from cleaners.views.report import MAX_DIFFS, cluster_html

    text = "The ferry port closed on Friday as the storm brought winds of 90mph to the coast."
    members = [{"raw": f"site{n}/a.txt", "status": "duplicate" if n else "canonical", "similarity": None if n == 0
                else 1 - n / 100, "containment": None, "words": 16, "text": text + f" Copy {n}.", "title": "Storm",
                "site": f"site{n}", "author": None, "published": None, "url": None} for n in range(MAX_DIFFS + 3)]
    page = cluster_html({"size": len(members), "canonical": "site0/a.txt", "members": members}, open_first=True)
    assert page.count("<details") == MAX_DIFFS and page.count("<details open>") == 1
    assert page.count("<tr><td><code>") == len(members)  # the table lists every member
    shown = re.findall(r"and <code>(site\d+)/a.txt</code></summary>", page)
    assert shown == [f"site{n}" for n in range(MAX_DIFFS + 2, 2, -1)]  # least similar first
    assert "the other 2 are listed in the table above" in page


def test_charts_are_drawn_once_for_the_same_data_and_stale_ones_are_dropped(tmp_path: Path, monkeypatch) -> None:
    from cleaners.views import report as rep
    from cleaners.views.report import charts

    data = {"clean_dir": "clean", "documents": 3, "articles": 2, "by_status": {"canonical": 2}, "rejections": [],
            "removals": [], "clusters": [], "cluster_sizes": {"1": 1, "2": 1},
            "timeline": {"a.example": {"2026-03-01": 2}}, "run": None}
    cache = tmp_path / "charts"
    first = rep.to_html(data, chart_cache=cache)
    assert len(list(cache.glob("*.txt"))) == 2
    drawn = []
    monkeypatch.setattr(charts, "cluster_chart", lambda d: drawn.append(d) or "data:image/png;base64,AAAA")
    assert rep.to_html(data, chart_cache=cache) == first and drawn == []  # same data: nothing drawn again
    changed = dict(data, cluster_sizes={"1": 5})
    assert "data:image/png;base64,AAAA" in rep.to_html(changed, chart_cache=cache) and drawn == [{"1": 5}]
    assert len(list(cache.glob("*.txt"))) == 2  # the old cluster chart is gone, the timeline kept


# ---- input shown as text, never as markup: the page (Jinja2 autoescape) and the markdown artifact -------------
HOSTILE = [
    "[x](javascript:alert(1))",
    "![](http://evil.example/img.png)",
    "<img src=x onerror=alert(1)>",
    "<javascript:alert(1)> <script>alert(2)</script>",
    "**bold** _em_ ~~gone~~ `code` &lt;b&gt; &amp;",
    "a | b \\| c \\\\| d",
    "www.evil.example/a?b=1 mail user@evil.example",
    "line one\n# heading two\n\n- item",
]


def _hostile_report(text: str) -> dict:
    """A report whose every input-derived string (file names, title, site, author, url, reason, removed text,
    the clean dir) is ``text``; no chart to draw."""
    member = {"raw": f"{text}.txt", "status": "canonical", "similarity": None, "containment": None, "words": 3,
              "text": f"{text} said the mayor", "title": text, "site": text, "author": text, "published": None,
              "url": text}
    copy = dict(member, raw=f"copy {text}.txt", status="duplicate", similarity=0.9, text=f"{text} said the council")
    return {"clean_dir": text, "documents": 3, "articles": 1,
            "by_status": {"canonical": 1, "duplicate": 1, "rejected": 1, "failed": 0},
            "rejections": [{"reason": text, "status": "rejected", "count": 1,
                            "examples": [{"raw": text, "reason": f"{text}: why"}]}],
            "removals": [{"rule": "byline", "count": 1, "documents": 1,
                          "examples": [{"text": text, "raw": text, "to": text}]}],
            "cluster_sizes": {}, "clusters": [{"size": 2, "canonical": member["raw"], "members": [member, copy]}],
            "timeline": {text: {"undated": 2}}, "run": None, "generated": text}


def _render_markdown(md: str):
    """``md`` rendered as the Prefect UI would: CommonMark with GFM tables, raw HTML passed, no link refused
    for its scheme; as an lxml element, plus the source outside code spans (where GFM renderers autolink)."""
    markdown_it = pytest.importorskip("markdown_it")  # rich's own dependency
    from lxml import html as lxml_html

    renderer = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    renderer.validateLink = lambda url: True
    return (lxml_html.fragment_fromstring(renderer.render(md), create_parent="div"),
            re.sub(r"(`+) .*? \1|(`)[^`]*`", "", md))


MARKDOWN_TAGS = {"div", "h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code"}
AUTOLINKED = re.compile(r"(?i)\b(?:https?|ftp|javascript):|\bwww\.|\w@\w")  # what GFM renderers make links of


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_hostile_input_as_text_never_as_a_link_image_or_html(text: str) -> None:
    from cleaners.views.report.data import shorten

    page, outside_code = _render_markdown(to_markdown(_hostile_report(text)))
    assert {el.tag for el in page.iter()} <= MARKDOWN_TAGS  # no a, img, script, em, strong, s, ...
    assert not AUTOLINKED.search(outside_code)  # no bare URL, domain or address left to autolink
    shown = " ".join(text.split())  # one line: nothing can leave its table cell or start a block
    assert page.find("h1").text_content() == f"newsclean report: {shown}"
    assert page.find("h3").text_content() == f"Cluster of 2: {shown}"
    rows = [[td.text_content() for td in tr.findall("td")] for tr in page.iter("tr") if tr.findall("td")]
    assert [shown, "1", f"{shown}: {shown}: why"] in rows  # the rejection: reason, count, file: sentence
    assert ["byline", "1", "1", shorten(text)] in rows  # the removal's example
    assert [f"{shown}.txt", "canonical", shown, "3", ""] in rows  # the cluster's canonical member


@pytest.mark.parametrize("text", HOSTILE)
def test_page_shows_hostile_input_as_text_in_every_field(text: str) -> None:
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring(to_html(_hostile_report(text)))
    assert not doc.xpath("//script | //img | //em | //strong | //b[not(parent::div[contains(@class, 'card')])]"
                         " | //a[not(starts-with(@href, '#'))]")  # only the page's own: status cards, section links
    assert doc.findtext(".//title") == f"newsclean report: {text}"
    assert doc.xpath("//h3")[0].text_content() == f"Cluster of 2: {text}"
    rows = [[td.text_content() for td in tr.findall("td")] for tr in doc.iter("tr") if tr.findall("td")]
    assert [text, "rejected", "1", f"{text}: {text}: why"] in rows
    assert ["byline", "1", "1", f"“{' '.join(text.split())}” → {text} ({text})"] in rows
    assert [f"{text}.txt", "canonical", text, text, text, "", text, "3", "", ""] in rows
    assert [d.text_content() for d in doc.xpath("//del")] == ["mayor"]
    assert [i.text_content() for i in doc.xpath("//ins")] == ["council"]
    assert doc.xpath("//h4")[1].text_content() == f"copy {text}.txt"


def test_flow_artifacts_are_the_reports_tables_and_escaped_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    from flows import artifacts

    made: dict[str, object] = {}
    monkeypatch.setattr(artifacts, "create_table_artifact", lambda rows, key, description: made.update({key: rows}))
    monkeypatch.setattr(artifacts, "create_markdown_artifact", lambda text, key, description: made.update({key: text}))
    report = _hostile_report("![](http://evil.example/img.png) [x](javascript:alert(1))")
    artifacts.publish("clean", report)
    assert made["newsclean-summary"] == summary_rows(report)
    assert [(r["cluster"], r["raw"]) for r in made["newsclean-clusters"]] == [
        (1, m["raw"]) for m in report["clusters"][0]["members"]]
    assert made["newsclean-report"] == to_markdown(report)
    page, outside_code = _render_markdown(made["newsclean-report"])
    assert {el.tag for el in page.iter()} <= MARKDOWN_TAGS and not AUTOLINKED.search(outside_code)
    made.clear()
    artifacts.publish("clean", dict(report, clusters=[]))
    assert set(made) == {"newsclean-summary", "newsclean-report"}  # no clusters: no clusters table


def test_write_report_writes_the_data_it_is_given_with_the_clean_dirs_chart_cache(
        corpus: Path, report: dict, tmp_path: Path) -> None:
    from cleaners.views.report import chart_folder

    out = tmp_path / "given.html"
    assert write_report(corpus, out, data=dict(report, clean_dir="the data given")) == out
    assert "newsclean report: the data given" in out.read_text(encoding="utf-8")
    assert len(list(chart_folder(corpus).glob("*.txt"))) == 2  # timeline and cluster sizes, kept for the next run
    with pytest.raises(TypeError, match="not both"):
        write_report(corpus, out, data=report, top_clusters=2)


def test_every_template_is_declared_as_package_data() -> None:
    """``pip install .`` ships what the package-data globs name: every file of templates/ must match one."""
    import fnmatch
    import tomllib

    import cleaners.views.report

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "cleaners.views.report.templates" in pyproject["tool"]["setuptools"]["packages"]  # a data package
    globs = pyproject["tool"]["setuptools"]["package-data"]["cleaners.views.report.templates"]
    folder = Path(cleaners.views.report.__file__).parent / "templates"
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert "report.html.j2" in files
    assert [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs)] == []
