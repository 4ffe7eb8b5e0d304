"""Near-duplicate search in memory: :func:`find_duplicates` and :class:`DuplicateIndex`, without a clean dir.

The same steps as a run's (:func:`cleaners.corpus.run.run_corpus`) after cleaning, on articles
you hold: each site's template is learned over the given articles (counted in stories:
:mod:`cleaners.boilerplate.templates`, :mod:`cleaners.dedup.stories`) and stripped from them
(an article left with fewer than ``min_words`` words is dropped, as a run rejects it); exact
copies share a text class; each new class queries a MinHash LSH index (datasketch, in memory:
:class:`cleaners.dedup.index.MemoryLsh`) and its candidates are verified
(:class:`cleaners.dedup.verify.Verifier`: exact shingles, the different-stories rule); clusters
and canonicals come from :func:`cleaners.dedup.assign_clusters` with a run's policy
(:func:`cleaners.corpus.duplicates.version_policy`: most complete, updates before older fetches,
earliest, richest metadata, smallest key).  Given the articles a run cleans by the rules (keyed
by their raw keys, with the run's settings), it gives the clusters that run stores
(``tests/dedup/test_in_memory.py`` checks it on the bundled samples).

Articles are :class:`~cleaners.article.Article` objects (or their dicts), cleaned by the rules
alone (:func:`cleaners.clean_document`), keyed by a string (a file path, a record key, an id):
the key names the article in the result, breaks ties of the canonical policy, and its first
folder is the site when the article has neither ``site`` nor ``url``.  Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cleaners import dedup
from cleaners.article import Article
from cleaners.boilerplate import templates
from cleaners.corpus.duplicates import version_policy
from cleaners.dedup.index import MemoryLsh
from cleaners.dedup.stories import story_groups, story_keys
from cleaners.dedup.verify import Verifier
from cleaners.settings import Settings
from cleaners.words import count_words


@dataclass(frozen=True)
class Cluster:
    """Copies of one story: the ``canonical`` key, every member's key (canonical included, sorted),
    and each copy's verified overlap with the canonical (Jaccard, containment; 1.0 for exact copies)."""

    canonical: str
    members: tuple[str, ...]
    overlaps: Mapping[str, dedup.Overlap]


#: Site templates: site -> (template line hashes, those of them taken for titles), as learned by
#: :func:`learn_templates` (what a run keeps in its state).
Templates = dict[str, tuple[set[int], set[int]]]


def learn_templates(articles: Mapping[str, Mapping[str, Any]]) -> Templates:
    """Every site's template over rule-cleaned articles (key -> article dict), as a run learns it.

    A line is a template line of its site when :func:`cleaners.boilerplate.templates.is_template`
    says so for the number of the site's distinct *stories* holding it
    (:func:`cleaners.dedup.stories.story_groups`); a template line that
    :data:`~cleaners.boilerplate.templates.MIN_DOCS` stories took for their title is a title line.

    >>> masthead = "The Harbour Gazette: island news since 1884"
    >>> docs = {f"g/{n}.txt": {"title": f"Story {n}", "text": f"Paragraph {n} of the day's news.\\n\\n{masthead}"}
    ...         for n in range(3)}
    >>> lines, titles = learn_templates(docs)["g"]
    >>> templates.line_hash(masthead) in lines, titles
    (True, set())
    """
    by_site: dict[str, dict[str, Any]] = {}
    for key, article in articles.items():
        site = templates.template_site(article, key)
        if site:
            by_site.setdefault(site, {})[key] = article
    out: Templates = {}
    for site, docs in by_site.items():
        story = story_groups({key: story_keys(a, dedup.text_hash(a.get("text") or "")) for key, a in docs.items()})
        holders: dict[int, set[str]] = {}
        title_holders: dict[int, set[str]] = {}
        body: dict[int, bool] = {}
        for key, article in docs.items():
            for h, (is_body, is_title) in templates.line_keys(article).items():
                holders.setdefault(h, set()).add(story[key])
                body[h] = body.get(h, False) or is_body
                if is_title:
                    title_holders.setdefault(h, set()).add(story[key])
        stories = len(set(story.values()))
        lines = {h for h, s in holders.items()
                 if len(s) >= templates.MIN_DOCS and templates.is_template(len(s), stories, body[h])}
        titles = {h for h in lines if len(title_holders.get(h, ())) >= templates.MIN_DOCS}
        if lines:
            out[site] = (lines, titles)
    return out


class DuplicateIndex:
    """An incremental near-duplicate index in memory: :meth:`add` articles, ask for :meth:`clusters`.

    Each call of :meth:`clusters` learns the site templates over every article added so far
    (unless ``templates`` were given), strips them, searches only the text classes that are new
    or changed since the last call (as a run searches only new documents) and rebuilds the
    clusters from all verified pairs, so adding articles in several steps ends as adding them at once.

    >>> story = ("The ferry port closed on Friday as the storm brought winds of 90mph to the coast, "
    ...          "the harbour master said, and crossings will not resume before Sunday.")
    >>> index = DuplicateIndex()
    >>> index.add("wire/a.txt", Article(title="Storm closes port", text=story))
    >>> index.add("daily/b.txt", Article(title="Port shut", text=story + " Ferries are in harbour."))
    >>> [(c.canonical, c.members) for c in index.clusters()]
    [('daily/b.txt', ('daily/b.txt', 'wire/a.txt'))]
    >>> index.add("wire/c.txt", Article(title="Library to close", text="The town library will close on "
    ...           "Mondays from July to save money, the council said on Tuesday evening."))
    >>> len(index.clusters()), index.canonical_of("wire/c.txt")
    (1, 'wire/c.txt')
    """

    def __init__(self, settings: Settings | None = None, templates: Templates | None = None) -> None:
        self.settings = settings or Settings()
        self.fixed_templates = templates
        self.base: dict[str, dict[str, Any]] = {}  # key -> the article as given (rule-cleaned)
        self.final: dict[str, dict[str, Any]] = {}  # key -> with its site's template stripped
        self.hashes: dict[str, str] = {}  # key -> text class
        self.dropped: dict[str, str] = {}  # key -> why it left the search (too short after templates)
        self.lsh = MemoryLsh(self.settings.lsh_threshold, self.settings.num_perm)
        self.searched: set[str] = set()  # classes in the index
        self.sketches: dict[str, tuple[bytes, int]] = {}  # class -> its signature and word count
        self.edges: dict[tuple[str, str], tuple[float, float]] = {}
        self.assigned: dict[str, tuple[str, float | None, float | None]] = {}
        self.stale = True

    def add(self, key: str, article: Article | Mapping[str, Any]) -> None:
        """Add (or replace) an article under ``key``; searched at the next :meth:`clusters`.

        >>> index = DuplicateIndex(); index.add("a", Article(title="T", text="Some text."))
        >>> sorted(index.base)
        ['a']
        """
        data = article.to_dict() if isinstance(article, Article) else dict(article)
        self.base[key] = data
        self.stale = True

    def add_many(self, articles: Mapping[str, Article | Mapping[str, Any]]) -> None:
        """:meth:`add` each ``key -> article`` of a mapping.

        >>> index = DuplicateIndex(); index.add_many({"a": {"text": "One."}, "b": {"text": "Two."}})
        >>> sorted(index.base)
        ['a', 'b']
        """
        for key, article in articles.items():
            self.add(key, article)

    def _finalise(self) -> None:
        learned = self.fixed_templates if self.fixed_templates is not None else learn_templates(self.base)
        self.final, self.dropped = {}, {}
        for key, base in self.base.items():
            site = templates.template_site(base, key)
            lines, titles = learned.get(site, (set(), set())) if site else (set(), set())
            hits = set(templates.line_keys(base)) & lines if lines else set()
            article = templates.finalise(base, hits, hits & titles).article if hits else base
            words = count_words(article.get("text") or "")
            if words < self.settings.min_words:
                self.dropped[key] = (f"only {words} words of article text left after removing the site's "
                                     f"template lines (fewer than {self.settings.min_words} words)")
                continue
            self.final[key] = article

    def clusters(self) -> list[Cluster]:
        """Every cluster of two or more articles, in order of canonical key.

        >>> text = "The council voted on Tuesday to keep the town library open on Mondays after a long campaign."
        >>> index = DuplicateIndex(); index.add_many({"a": {"text": text}, "b": {"text": text + " More soon."}})
        >>> [(c.canonical, c.members) for c in index.clusters()]
        [('b', ('a', 'b'))]
        """
        if self.stale:
            self._search()
        groups: dict[str, list[str]] = {}
        for key, (canonical, _, _) in self.assigned.items():
            groups.setdefault(canonical, []).append(key)
        return [Cluster(canonical, tuple(sorted(keys)), {k: dedup.Overlap(*(self.assigned[k][1:] if k != canonical
                                                                             else (1.0, 1.0))) for k in keys})
                for canonical, keys in sorted(groups.items()) if len(keys) > 1]

    def canonical_of(self, key: str) -> str | None:
        """The canonical of an article's cluster (itself when it has no copy); None when it was dropped
        (too short once its site's template was stripped) or never added.

        >>> index = DuplicateIndex(); index.add("a", {"text": "The library stays open on Mondays, the council said today."})
        >>> index.canonical_of("a"), index.canonical_of("zz")
        ('a', None)
        """
        if self.stale:
            self._search()
        if key not in self.final:
            return None
        return self.assigned.get(key, (key,))[0]

    def _search(self) -> None:
        s = self.settings
        self._finalise()
        hashes = {key: dedup.text_hash(a.get("text") or "") for key, a in self.final.items()}
        members: dict[str, list[str]] = {}
        for key in sorted(hashes):
            members.setdefault(hashes[key], []).append(key)
        gone = self.searched - set(members)
        self.lsh.remove(sorted(gone))
        self.searched -= gone
        for cls in gone:
            self.sketches.pop(cls, None)
        self.edges = {p: ov for p, ov in self.edges.items() if p[0] in members and p[1] in members}

        def story_of(cls: str) -> dict[str, Any]:
            key = members[cls][0]
            a = self.final[key]
            return {"title": a.get("title"), "text": a.get("text") or "", "url": a.get("url"),
                    "site": templates.template_site(a, key)}

        verifier = Verifier(story_of, s.shingle_size, s.jaccard_threshold, s.containment_threshold,
                            sketch_of=self.sketches.__getitem__)
        new: list[tuple[str, str]] = []  # pairs verified in this search
        for cls in sorted(members):
            if cls in self.searched:
                continue
            text = story_of(cls)["text"]
            sig = dedup.signature(dedup.signature_shingles(text, s.shingle_size), s.num_perm)
            self.sketches[cls] = (sig, count_words(text))
            minhash = dedup.lean_minhash(sig)
            for other in sorted(self.lsh.query(minhash)):
                ov = verifier.match(cls, other)
                if ov is not None:
                    a, b = sorted((cls, other))
                    self.edges[a, b] = (ov.jaccard, ov.containment)
                    new.append((a, b))
            self.lsh.insert(cls, minhash)
            self.searched.add(cls)
        for (a, b), ov in dedup.verify_two_steps(self.edges, new, verifier.match).items():  # as a run does
            self.edges[a, b] = (ov.jaccard, ov.containment)
        views = {key: {"raw": key, "words": count_words(a.get("text") or ""),
                       **{f: a.get(f) for f in dedup.METADATA_FIELDS}} for key, a in self.final.items()}
        fetches = [{"raw": k, "url": v["url"], "words": v["words"], "published": v["published"]}
                   for k, v in views.items() if v.get("url") is not None]
        self.assigned, _ = dedup.assign_clusters(members, self.edges, views, version_policy(fetches),
                                                 s.jaccard_threshold)
        self.hashes = hashes
        self.stale = False


def find_duplicates(articles: Mapping[str, Article | Mapping[str, Any]] | Iterable[Article],
                    settings: Settings | None = None, templates: Templates | None = None) -> list[Cluster]:
    """Clusters of near-duplicate articles, in memory: the verification and canonical policy of a run.

    ``articles``: key -> :class:`~cleaners.article.Article` (or its dict), cleaned by the rules
    (:func:`cleaners.clean_document`); a plain sequence is keyed by position (``"0"``, ``"1"``, …,
    zero-padded so that keys sort in input order).  ``settings``: thresholds, shingle size,
    permutations and ``min_words`` (:class:`cleaners.settings.Settings`, defaults as a run's).
    ``templates``: site templates to apply instead of learning them over ``articles``
    (:func:`learn_templates`).  Returns every cluster of two or more, in order of canonical key;
    an article in none has no copy.  See :class:`DuplicateIndex` to add articles over time.

    >>> from cleaners import clean_document
    >>> story = ("The ferry port closed on Friday as the storm brought winds of 90mph to the coast, "
    ...          "the harbour master said.\\n\\nCrossings will not resume before Sunday, the operator said.")
    >>> docs = [clean_document("Storm closes port\\n\\n" + story),
    ...         clean_document("Port shut by storm\\n\\n" + story.replace("Sunday", "Monday")),
    ...         clean_document("Library to close\\n\\nThe town library will close on Mondays from July to "
    ...                        "save money, the council said on Tuesday.")]
    >>> [(c.canonical, c.members, c.overlaps["1"].jaccard < 1) for c in find_duplicates(docs)]
    [('0', ('0', '1'), True)]
    """
    if not isinstance(articles, Mapping):
        items = list(articles)
        width = len(str(max(len(items) - 1, 0)))
        articles = {str(n).zfill(width): a for n, a in enumerate(items)}
    index = DuplicateIndex(settings, templates)
    index.add_many(articles)
    return index.clusters()
