"""The report's cluster table in a browser (issue 15): words wrap between words, long URLs and paths anywhere."""

from __future__ import annotations

import json
from pathlib import Path

from cleaners import run_pipeline
from cleaners.views.report import build_report, to_html

from ..helpers import STORY
from .test_report import _need_chromium, probe_page

# For each cell of the members table: its class, whether a word of it is split over two lines
# (a Range around the word has more than one line box), and whether it sticks out of its cell.
_PROBE = """<script>
addEventListener("load", () => {
  const cells = [...document.querySelectorAll("table.members td")].map(td => {
    const text = td.textContent, node = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    let split = [];
    for (let t = node.nextNode(); t; t = node.nextNode()) {
      for (const m of t.data.matchAll(/\\S+/g)) {
        const r = document.createRange(); r.setStart(t, m.index); r.setEnd(t, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
    return {cls: td.className, split, wide: td.scrollWidth > td.clientWidth + 1, text: text.slice(0, 40)};
  });
  const pre = document.createElement("pre"); pre.id = "probe";
  pre.textContent = JSON.stringify({cells, overflow: document.documentElement.scrollWidth > innerWidth + 2});
  document.body.appendChild(pre);
});
</script>"""


def test_cluster_table_breaks_urls_not_words(tmp_path: Path) -> None:
    _need_chromium()
    raw = tmp_path / "raw"
    raw.mkdir()
    title = "Councillors unanimously approve extraordinary infrastructure redevelopment programme"
    long_url = "https://news.example.org/" + "/".join(["regional-infrastructure-redevelopment-programme"] * 4)
    for n in range(2):
        record = {"url": f"{long_url}-{n}", "title": title, "author": "Correspondent Extraordinaire",
                  "text": STORY}
        (raw / f"copy{n}.json").write_text(json.dumps(record))
    run_pipeline(raw, tmp_path / "clean")
    report = build_report(tmp_path / "clean")
    assert report["clusters"] and report["clusters"][0]["size"] == 2
    seen = probe_page(to_html(report), _PROBE, tmp_path)
    url_cells = [c for c in seen["cells"] if "f-url" in c["cls"]]
    word_cells = [c for c in seen["cells"] if c["cls"].split()[:1] in (["f-title"], ["f-author"])]
    assert url_cells and word_cells
    assert all(c["split"] for c in url_cells), url_cells  # the URL does wrap (anywhere) ...
    assert not any(c["wide"] for c in url_cells), url_cells  # ... and stays inside its cell
    assert not [c for c in word_cells if c["split"]], word_cells  # titles and names wrap between words only
    assert not seen["overflow"]
