"""Step 3 of a run — site templates: learn every site's template from the counts, apply it where it changed.

Runs after the batches and before near-duplicate search.  An article's final text is its
rule-only text minus the template lines it holds, so it does not depend on which run saw which
article; articles whose set of template lines changed are re-finalised (text, id, signature) and
searched for near-duplicates again.  :func:`learn_site_templates` learns (in the flow's
process), :func:`template_chunks` cuts the work, :func:`refinalise_chunk` does one chunk (in a
worker), :class:`TemplateSaver` stores the results site by site.  The learning rule itself
(thresholds, line hashes, how a template is applied) is :mod:`cleaners.boilerplate.templates`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cleaners import dedup
from cleaners.article import Rejection
from cleaners.boilerplate import templates
from cleaners.corpus.records import TemplateUpdate
from cleaners.corpus.store import Store
from cleaners.dedup.minhash import text_signature
from cleaners.settings import Settings
from cleaners.words import count_words


@dataclass
class TemplateStats:
    sites: int = 0  # sites with a template
    lines: int = 0  # template lines over all sites
    refinalised: int = 0  # articles whose text changed this run because their site's template did
    rejected: int = 0  # of which: too little text left
    removed: Counter[str] = field(default_factory=Counter)  # rule -> lines removed (site-template, headline)

    def as_dict(self) -> dict[str, int]:
        return {"sites": self.sites, "lines": self.lines, "articles_refinalised": self.refinalised,
                "rejected": self.rejected}


@dataclass
class LearnedTemplates:
    """Every site's template lines (and those of them that articles took for a title), and where to apply them."""

    stats: TemplateStats
    lines: dict[str, set[int]]
    titles: dict[str, set[int]]
    sites: list[tuple[str, str]]  # (site, template key) to (re)apply, in order


def learn_site_templates(store: Store) -> LearnedTemplates:
    """Learn every site's template from the counts in the state; list the sites whose template changed.

    A line's support is the number of distinct *stories* of the site holding it (its articles
    grouped by :meth:`Store.assign_stories` first), so N fetches of one story never vote for
    their own paragraphs.

    Nothing is read when no document nor template changed since a run finished (:func:`settled_templates`).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     learn_site_templates(store).sites
    []
    """
    if (settled := settled_templates(store)) is not None:
        return settled
    store.assign_stories()  # group each site's articles into stories: copies and re-fetches count once
    site_docs = store.site_doc_counts()
    learned: dict[str, set[int]] = {}
    titles: dict[str, set[int]] = {}  # template lines that at least MIN_DOCS articles took for their title
    for row in store.site_line_counts(templates.MIN_DOCS):
        if templates.is_template(row["n"], site_docs.get(row["site"], 0), bool(row["body"])):
            learned.setdefault(row["site"], set()).add(row["hash"])
            if row["titles"] >= templates.MIN_DOCS:
                titles.setdefault(row["site"], set()).add(row["hash"])
    stats = TemplateStats(len(learned), sum(map(len, learned.values())))
    known = store.site_template_keys()
    pending_sites = store.sites_with_pending()
    sites = []
    for site in sorted(set(site_docs)):
        key = templates.applied_key(learned.get(site, ()), titles.get(site, ()))
        if known.get(site) != key or site in pending_sites:
            sites.append((site, key))
    return LearnedTemplates(stats, learned, titles, sites)


#: The ``meta`` key of the templates a finished run left: the state's generation then, and their counts.
SETTLED = "site_templates_settled"


def settled_templates(store: Store) -> LearnedTemplates | None:
    """The templates of the last finished run, with nothing to apply, when the state did not change
    since (its generation, raised by every transaction that changed it: :meth:`Store.transaction`, is
    the one :func:`settle_templates` recorded); else None.  Learning again would find the same lines and
    every site's template already applied: a run leaves them so, and near-duplicate search has seen
    every article (none pending).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     before = settled_templates(store)
    ...     settle_templates(store, TemplateStats(sites=2, lines=9))
    ...     after = settled_templates(store)
    >>> before, (after.stats.sites, after.stats.lines, after.sites)
    (None, (2, 9, []))
    """
    try:
        last = json.loads(store.meta(SETTLED) or "null")
    except ValueError:
        return None
    generation = store.meta("generation")
    if not last or generation is None or last.get("generation") != generation:
        return None
    return LearnedTemplates(TemplateStats(last["sites"], last["lines"]), {}, {}, [])


def settle_templates(store: Store, stats: TemplateStats) -> None:
    """Record that a run finished (its outputs written) with templates of these counts, at the state's
    generation now (:func:`settled_templates` reads it).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     settle_templates(store, TemplateStats(sites=1, lines=4))
    ...     json.loads(store.meta(SETTLED)) == {"generation": store.meta("generation"), "sites": 1, "lines": 4}
    True
    """
    store.set_meta(SETTLED, json.dumps({"generation": store.meta("generation"), "sites": stats.sites,
                                        "lines": stats.lines}))


@dataclass
class TemplateChunk:
    """Articles to re-finalise: ``(site, raw, rule-only article as JSON, template lines it holds, of
    which title lines, applied key)``; ``closes`` lists the ``(site, key)`` whose last article is here."""

    jobs: list[tuple[str, str, str, set[int], set[int], str]]  # site first
    closes: list[tuple[str, str]]


def template_chunks(store: Store, learned: LearnedTemplates, chunk_size: int = 400) -> Iterator[TemplateChunk]:
    """The articles whose set of template lines changed, ``chunk_size`` at a time, site after site.

    A site's articles are read only when its turn comes, and their texts only for the chunk being cut:
    memory holds one site's article names and the template lines they hold, and a few chunks, not
    the corpus (one site of 100,000 articles read whole would be ~400 MB of texts).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     list(template_chunks(store, learn_site_templates(store)))
    []
    """
    wanted: list[tuple[str, str, set[int], set[int], str]] = []  # a job but its article, read when the chunk is cut
    closes: list[tuple[str, str]] = []

    def chunk() -> TemplateChunk:
        bases = store.template_bases([raw for _, raw, _, _, _ in wanted])
        return TemplateChunk([(site, raw, bases[raw], hits, titles, applied)
                              for site, raw, hits, titles, applied in wanted], closes)

    for site, key in learned.sites:
        template, title_template = learned.lines.get(site, set()), learned.titles.get(site, set())
        hits_of = store.template_line_hits(site, template) if template else {}
        for raw, applied_before in store.template_applied(site):
            hits = hits_of.get(raw, set())
            applied = templates.applied_key(hits, hits & title_template)
            if applied == applied_before:
                continue
            wanted.append((site, raw, hits, hits & title_template, applied))
            if len(wanted) >= chunk_size:
                yield chunk()
                wanted, closes = [], []
        closes.append((site, key))
    if wanted or closes:
        yield chunk()


def refinalise_chunk(chunk: TemplateChunk, settings: Settings) -> list[TemplateUpdate]:
    """Re-finalise a chunk's articles (pure: what a parallel task does); one update per article.

    >>> update = refinalise_chunk(TemplateChunk([("g", "g/a.txt", '{"title": "T", "text": "Too short.", "removed": []}',
    ...                                          set(), set(), "k")], []), Settings())[0]
    >>> update.raw, update.rejection.code, update.rejection.message.split(" left after")[0]
    ('g/a.txt', 'too-short', 'only 2 words of article text')
    """
    return [refinalise(site, raw, json.loads(base), hits, title_hits, applied, settings)
            for site, raw, base, hits, title_hits, applied in chunk.jobs]


class TemplateSaver:
    """Stores re-finalised articles as their chunks come back, a site in one transaction once its last
    chunk is in (a run killed before that re-does the site), and counts them in ``stats``."""

    def __init__(self, store: Store, stats: TemplateStats) -> None:
        self.store, self.stats = store, stats
        self.pending: list[TemplateUpdate] = []

    def save(self, chunk: TemplateChunk, updates: list[TemplateUpdate]) -> None:
        """Count a chunk's updates; store every site whose last chunk this is.

        >>> import tempfile
        >>> with Store(tempfile.mkdtemp()) as store:
        ...     saver = TemplateSaver(store, TemplateStats())
        ...     saver.save(TemplateChunk([], [("gazette", "key")]), [])
        ...     store.site_template_keys()
        {'gazette': 'key'}
        """
        for update in updates:
            self.stats.removed.update(update.removed_rules)
            self.stats.refinalised += 1
            self.stats.rejected += update.rejection is not None
        self.pending.extend(updates)
        for site, key in chunk.closes:
            mine = [u for u in self.pending if u.site == site]
            self.pending = [u for u in self.pending if u.site != site]
            self.store.save_templates(site, key, mine)


@dataclass(frozen=True)
class Refinalise:
    """A picklable ``chunk -> updates`` function for process pools (:func:`refinalise_chunk` with settings)."""

    settings: Settings

    def __call__(self, chunk: TemplateChunk) -> list[TemplateUpdate]:
        return refinalise_chunk(chunk, self.settings)


def refinalise(site: str, raw: str, base: dict[str, Any], hits: set[int], title_hits: set[int], applied: str,
               settings: Settings) -> TemplateUpdate:
    """One article (cleaned by the rules alone: ``base``) with the template lines ``hits`` removed.

    >>> base = {"title": "Storm", "text": "Trees fell across the coast road overnight and it stayed shut all day.\\n\\n"
    ...         "The Gazette: island news since 1884", "removed": []}
    >>> u = refinalise("gazette", "g/a.txt", base, {templates.line_hash("The Gazette: island news since 1884")},
    ...                set(), "k", Settings())
    >>> u.article["text"], u.removed_rules
    ('Trees fell across the coast road overnight and it stayed shut all day.', ('site-template',))
    """
    done = templates.finalise(base, hits, title_hits)
    removed = tuple(r["rule"] for r in done.removed)
    words = count_words(done.article["text"])
    if words < settings.min_words:
        what = "no article text" if words == 0 else f"only {words} words of article text"
        return TemplateUpdate(raw, site, applied, removed, rejection=Rejection(
            "too-short", f"{what} left after removing boilerplate and the site's template lines "
                         f"(fewer than {settings.min_words} words)"))
    toks = dedup.words(done.article["text"])  # once, for the class hash and the signature
    return TemplateUpdate(raw, site, applied, removed, article=done.article, words=words,
                          text_hash=dedup.text_hash(toks),
                          signature=text_signature(toks, settings.shingle_size, settings.num_perm))


def apply_learned(store: Store, article: dict[str, Any], raw: str) -> dict[str, Any]:
    """One article (cleaned by the rules) with the template its site has in a store (read only).

    The article itself does not count towards the template.

    >>> import tempfile
    >>> from cleaners.corpus.run import run_pipeline
    >>> work = tempfile.mkdtemp(); _ = run_pipeline(tempfile.mkdtemp(), work)
    >>> article = {"title": "Storm hits Ayr", "text": "Trees came down.", "url": None, "site": "gazette", "removed": []}
    >>> with Store(work, readonly=True) as store:
    ...     apply_learned(store, article, "gazette/a.txt")["text"]  # no template learned there: unchanged
    'Trees came down.'
    """
    site = templates.template_site(article, raw)
    if not site:
        return article
    site_docs = store.site_doc_counts(site).get(site, 0)
    rows = list(store.site_line_counts(templates.MIN_DOCS, site))
    template = {r["hash"] for r in rows if templates.is_template(r["n"], site_docs, bool(r["body"]))}
    titles = {r["hash"] for r in rows if r["hash"] in template and r["titles"] >= templates.MIN_DOCS}
    hits = set(templates.line_keys(article)) & template
    return templates.finalise(article, hits, hits & titles).article if hits else article
