"""Deterministic synthetic news corpus with gold, for benchmarking newsclean end to end.

Run from the repository root::

    python -m bench.corpus OUT_DIR [--n 2000] [--seed 0] [--profile mixed] [--source DIR] [--force]

or ``from bench.corpus import generate; generate(out_dir, n, seed, source, profile)``.
Standard library only. The same arguments give byte-identical output, whatever PYTHONHASHSEED
(the summary prints a digest of raw/ and gold.jsonl; ``tree_digest(out_dir)`` recomputes it).
Across machines, only the ``.gz`` bytes could differ, if their zlib versions do. Speed: 50,000
documents (~280 MB of raw files plus ~185 MB of gold) take about 20 s on a tmpfs, 14 s of it CPU;
on a slow disk the writing dominates.

Source
------
``--source`` (default ``<repo>/../shared/eval/news/bbc``) is any folder of ``.txt`` articles,
searched recursively: first line the headline, then the body (files named ``README*`` are
skipped). A file's first folder is its section. A missing folder is a clear error (exit 2).
The body is normalised the same way for every use: each non-empty line is one paragraph, runs
of whitespace collapse to one space, HTML character references are decoded (the BBC set has a
few bullet lists written as single lines, 25 files with literal ``&#233;``-style references,
one line holding only ".", which is dropped, as any line without a letter or digit is, and one
file in Latin-1).

The BBC set contains its own re-publications: 138 pairs of files whose bodies are identical
after lower-casing and keeping only word characters (the dataset's README counts 96
byte-identical pairs; the others differ in the headline or in spacing). Such files get the
**same story id** in gold: if both end up in the corpus, they form a cluster even though the
generator copied nothing. (About 60 more pairs are only near-identical; they keep distinct
story ids, so a near-duplicate finder will see a few "false" pairs that are really true.)

When a corpus needs more distinct stories than the folder holds, new stories are made by
**recombination**: the first half of the paragraphs of article A followed by the second half of
those of article B (same section, A and B never the same story, each pair used once), titled
"<A's headline>; <B's headline>". They get fresh story ids (``mix:NNNNNN``) and
``origin: "recombined"``; such a story shares about a third of its word shingles with A's and
B's own stories, so it is a distinct text but not an unrelated one.

Output
------
``OUT_DIR/raw/<site>/<file>``  the raw documents, in the shapes of docs/contract (`../shared/docs/contract.md`):
  ``.txt`` (UTF-8, UTF-8 with BOM, Windows-1252, Latin-1, UTF-16 with BOM; CRLF on one site),
  ``.html``/``.htm`` (article markup with masthead, nav, breadcrumb, aside, footer, scripts; the
  body as ``<p>`` in ``<article>``; charset in a ``<meta>``, or undeclared for a few pages;
  UTF-8, Windows-1252 or ISO-8859-1, characters outside the charset as ``&#NNN;``),
  ``.json`` (one scraper record; per site a fixed schema: ``text``/``content``/``body`` or ``html``,
  plus some of ``url``, ``title``, ``author``, ``published``/``date``, ``site``), ``.jsonl`` (2-8
  records of one site; fewer only if the site has fewer), and any of these gzipped (``.gz``,
  mtime 0). Text dumps put one block per line with a blank line between (like the seeds), one
  site with single newlines, one with CRLF.
``OUT_DIR/gold.jsonl``  one row per raw document, sorted by ``raw``:

  ``raw``          path relative to ``OUT_DIR/raw`` (``/``-separated); a jsonl record is
                   ``path#lineno``, lineno from 1 (the manifest's key).
  ``site``         the site folder (a fictional ``.example`` domain).
  ``story``        cluster id: every copy of one source story has it (and so do the BBC's own
                   re-publications, see above). ``src:<section>/<file>`` or ``mix:NNNNNN``.
  ``title``        the headline this document carries (a retitled copy: its new headline).
  ``body``         the article text a perfect cleaner returns for this document: paragraphs
                   joined by ``"\\n\\n"``, no headline, no boilerplate, encoding repaired. It is
                   the source body except for ``trimmed`` (what is left), ``edited`` (the edits
                   applied) and ``mojibake`` (typographic quotes, see below).
  ``boilerplate``  every line inserted around/into the body, in document order: template
                   lines (repeated headlines too: the first headline occurrence is the title,
                   later ones are boilerplate), and for HTML the page chrome (logo, nav items,
                   cookie banner, sidebar, footer links, form buttons).
  ``boilerplate_kinds``  the rule name of each boilerplate line (same order): breadcrumb,
                   section, headline, tagline, byline, dateline, readtime, cookie, caption,
                   promo, advert, video, share, comments, author, bio, tags, wire, standards,
                   newsletter, social, prev, next, copyright, and for HTML chrome logo, nav,
                   sidebar, links, button.
  ``variant``      what was done to the source story, see below.
  ``ops``          human-readable list of the transformations (which words were edited, how
                   much was trimmed, how a title was rewritten, recombination sources...).
  ``format``       txt | html | json | jsonl.  ``content``: for json/jsonl the record key
                   holding the page (text/content/body/html).  ``gz``: gzipped or not.
  ``encoding``     the byte encoding written, as Python names it (utf-8, utf-8-sig, cp1252,
                   latin-1, utf-16 = little-endian with BOM; json/jsonl always utf-8);
                   ``declared``: the charset declared in the HTML (utf-8, windows-1252,
                   iso-8859-1) or null.
  ``author``       byline/footer author name when the template shows one, else null (a wire
                   sign-off "Reporting by X" does not count). ``published`` ISO 8601,
                   ``url`` (also in JSON records and the HTML canonical link).
  ``source``       the source file(s) the story comes from; ``origin``: source | recombined | fresh.

``OUT_DIR/corpus.json``  the arguments, the site table summary and the counts printed.

Variants
--------
``original``    the story as first published on a site (one per cluster, or one per source
                file when a BBC re-publication pair is merged into one cluster).
``syndicated``  exact copy (same headline and body) under another site's template.
``retitled``    same body, headline rewritten (title case, a wire-style prefix/suffix, or the
                first sentence of the lede when it is short).
``trimmed``     the last paragraphs dropped (5-20 % of the characters; when the last paragraph
                alone is too long, its last sentences instead; if even that is impossible the
                copy is labelled ``syndicated``, with a note in ``ops``).
``edited``      2-5 light edits: word substitutions (said→stated, firm→company, US→U.S.,
                chief executive→CEO...), ``%``→``per cent``, a comma removed, ``Mr``→``Mr.``,
                straight → curly quotes in a paragraph, `` - `` → `` — ``; listed in ``ops``.
``mojibake``    body given typographic quotes/apostrophes/dashes (so there is something to
                break: the BBC text is ASCII but for ``£`` and a few accents), page rendered,
                then its UTF-8 bytes decoded as Windows-1252 (undefined bytes kept as C1
                controls, as browsers and ftfy's "sloppy" codec do) and saved as UTF-8. The
                whole page is damaged (and a JSON record's ``title``); gold holds the undamaged
                text, i.e. the body with curly quotes and the headline as it was.
``html``        the story as an HTML page on one site while its ``original`` is a ``.txt`` on
                another (an exact copy otherwise).

Profiles
--------
``templates``    every story once (clusters only from the BBC's re-publications), all
                 ``original``: for per-site template learning and boilerplate stripping.
``syndication``  cluster sizes 1-6 drawn (about 55 % singletons), copies on distinct sites;
                 a cluster reaches 7-10 when both files of a BBC re-publication pair are drawn.
``mixed``        (default) half the stories drawn as in ``templates``, half as in ``syndication``.

Sites
-----
``SITES`` (10 fictional sites) is pure data: each site has a fixed header/footer layout, its own
wording for each kind of line, inline inserts drawn with a per-gap rate, an author pool with bios,
HTML class names and markup choices, a JSON record schema and a file-naming pattern. Fixed lines
(newsletter, social, copyright, tagline...) repeat across a site's articles; variable parts
(other headlines in promos, PREV/NEXT and sidebars, tags, captions, photographers, dates,
reporters) make sure not every line is a fixed string. All wording is invented for this generator.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import html
import json
import re
import shutil
import string
import sys
import time
from datetime import date, timedelta
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "eval" / "news" / "bbc"
PROFILES = ("templates", "syndication", "mixed")

# =============================================================================================
# Data: word pools
# =============================================================================================

FIRST_NAMES = [
    "Alys", "Bram", "Carys", "Dmitri", "Elin", "Farid", "Greta", "Hamish", "Ines", "Jonah",
    "Keziah", "Lorcan", "Maren", "Nikhil", "Orla", "Piotr", "Quinn", "Rosalind", "Soren", "Tamsin",
    "Umar", "Vesna", "Wilf", "Xanthe", "Yusuf", "Zofia", "Ansel", "Bethan", "Cosmo", "Delyth",
]
SURNAMES = [
    "Abernethy", "Baptiste", "Carrow", "Delacourt", "Eskildsen", "Fennimore", "Galbraith",
    "Haverly", "Ingleby", "Jessop", "Kowalczyk", "Lindqvist", "Mabry", "Nakagawa", "Okonjo",
    "Pemberton", "Quayle", "Rashford-Lee", "Sutcliffe", "Tregarthen", "Underhill", "Voss",
    "Whitlock", "Yardley", "Zielinski", "Achterberg", "Bellweather", "Cruikshank", "Dunmore",
]
AGENCIES = [
    "Northlight Pictures", "Meridian Press Agency", "Coastline Photo", "Ardent Images", "Wirepix",
    "Lanternhouse Media", "Kestrel News Agency", "Foxglove Photography", "Pressfoto Nord",
    "Greyfriars Images",
]
CITIES = [
    "LONDON", "MANCHESTER", "EDINBURGH", "CARDIFF", "BELFAST", "DUBLIN", "BRUSSELS", "PARIS",
    "FRANKFURT", "NEW YORK", "WASHINGTON", "TOKYO", "SYDNEY", "JOHANNESBURG", "MUMBAI",
]
CAPTIONS = {
    "business": [
        "Traders watch the screens during a busy morning session.",
        "Containers stacked on the quayside ahead of the holiday rush.",
        "A shopper pays at the till of a city-centre store.",
        "The group's head office, pictured earlier this year.",
        "Workers on the assembly line at one of the company's plants.",
        "Customers queue outside a branch on the high street.",
        "An oil tanker moored off the coast at dawn.",
        "Shareholders arrive for the annual meeting.",
    ],
    "entertainment": [
        "Guests arrive on the red carpet for the premiere.",
        "The band performing on the main stage last summer.",
        "A scene from the production, which opened to strong reviews.",
        "Fans gather outside the venue before the show.",
        "The cast pose for photographers at the launch event.",
        "The award statuettes lined up backstage.",
        "Crowds at the festival on its opening night.",
    ],
    "politics": [
        "Campaigners hold placards outside the building.",
        "The minister speaks to reporters on the way into the meeting.",
        "Members debate the bill in the chamber.",
        "Voters at a polling station in the constituency.",
        "The prime minister's official car arrives for talks.",
        "Party activists hand out leaflets in the town square.",
        "Delegates listen to speeches at the annual conference.",
    ],
    "sport": [
        "The players celebrate after the final whistle.",
        "Supporters in the stands before kick-off.",
        "The captain lifts the trophy in front of the travelling fans.",
        "A runner crosses the line during the indoor meeting.",
        "The manager watches from the touchline.",
        "Rain delayed the start of play for more than an hour.",
        "The squad train ahead of the weekend fixture.",
    ],
    "tech": [
        "A visitor tries out a new handset at the trade show.",
        "Rows of servers inside a data centre.",
        "Gamers test the latest titles at the expo.",
        "A technician works on a circuit board at the lab.",
        "The device on display at its launch.",
        "Engineers inspect cabling at a telephone exchange.",
        "Students use laptops in the university library.",
    ],
    "news": [
        "The scene in the town centre on Tuesday afternoon.",
        "Officials speak to the media outside the building.",
        "Residents gather for a public meeting.",
        "A view over the city at dusk.",
        "People walk past the entrance earlier this week.",
    ],
}
TAGS = {
    "business": ["Markets", "Economy", "Companies", "Trade", "Banking", "Retail", "Energy",
                 "Jobs", "Interest rates", "Inflation", "Mergers"],
    "entertainment": ["Film", "Music", "Television", "Awards", "Celebrity", "Theatre", "Books",
                      "Box office", "Festivals"],
    "politics": ["Elections", "Parliament", "Government", "Policy", "Campaigns",
                 "Public spending", "Civil liberties", "Immigration", "Local councils"],
    "sport": ["Football", "Rugby", "Tennis", "Athletics", "Cricket", "Transfers", "Cup ties",
              "Olympics", "Six Nations"],
    "tech": ["Gadgets", "Internet", "Mobile", "Games", "Security", "Software", "Broadband",
             "Start-ups", "Privacy"],
    "news": ["News", "Community", "Weather", "Transport", "Health", "Education"],
}
BEATS = {
    "business": "business and the economy", "entertainment": "film, music and the arts",
    "politics": "politics and public policy", "sport": "sport", "tech": "technology",
    "news": "current affairs",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# word substitutions used by the "edited" variant (whole words, first letter case kept)
EDIT_WORDS = [
    ("said", "stated"), ("says", "states"), ("big", "large"), ("rise", "increase"),
    ("rose", "climbed"), ("fell", "dropped"), ("firm", "company"), ("about", "around"),
    ("more than", "over"), ("people", "individuals"), ("buy", "purchase"), ("help", "assist"),
    ("show", "reveal"), ("start", "begin"), ("expected", "forecast"), ("US", "U.S."),
    ("UK", "U.K."), ("chief executive", "CEO"), ("government", "administration"),
    ("told", "informed"), ("major", "leading"),
]
RETITLE_PREFIXES = ["UPDATE: ", "Analysis: ", "In brief: ", "Latest: "]
RETITLE_SUFFIXES = [": what we know so far", " – report", ", sources say", ": the key points",
                    " (updated)"]
SMALL_WORDS = {"a", "an", "the", "and", "but", "or", "for", "nor", "on", "at", "to", "from", "by",
               "of", "in", "as", "with", "over", "into", "up"}

# =============================================================================================
# Data: the sites. Each is a fixed template; see the module docstring.
#   header / footer  kinds in txt order ("title" marks where the headline is)
#   lines            this site's wording per kind ({other} = another article's headline;
#                    a list = several lines emitted together)
#   inserts          (kind, weight) drawn at each gap between paragraphs with prob. insert_rate
#   lead_caption     a photo caption before the first paragraph
#   txt              sep between blocks, newline style
#   html             class prefix, tag used for inline inserts, body wrapper, sidebar, nav...
#   record           JSON record schema: content key and other keys
# =============================================================================================

SITES = [
    {
        "domain": "harbourgazette.example", "name": "The Harbour Gazette",
        "sections": {"business": "Business", "entertainment": "Culture", "politics": "Politics",
                     "sport": "Sport", "tech": "Technology"},
        "header": ["title", "headline", "headline"],
        "footer": ["newsletter", "social", "prev", "next"],
        "lines": {
            "caption": "{caption} Photograph: {person}/{agency}",
            "video": "{other} – video",
            "promo": "More from the Gazette: {other}",
            "newsletter": "Get the Harbour Gazette briefing in your inbox every morning",
            "social": "Follow the Gazette on social media for breaking news",
            "prev": "PREV {other}", "next": "NEXT {other}",
        },
        "inserts": [("video", 2), ("promo", 1)], "insert_rate": 0.12, "lead_caption": True,
        "authors": [],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "hg-", "insert_tag": "aside", "wrapper": None, "sidebar": "Most read",
                 "nav_extra": ["Opinion", "Video"], "links": ["About us", "Contact", "Privacy",
                                                            "Terms and conditions"],
                 "charset_style": "meta", "ext": "html", "cookie": None},
        "record": {"content": "text", "keys": ["url", "title", "published"], "ascii": False},
        "filename": "{slug}-{id}",
    },
    {
        "domain": "northfieldcourier.example", "name": "Northfield Courier",
        "sections": {"business": "Money", "entertainment": "Entertainment", "politics": "Politics",
                     "sport": "Sport", "tech": "Tech"},
        "header": ["section", "title", "byline", "dateline"],
        "footer": ["author", "bio", "tags", "copyright"],
        "lines": {
            "section": "{SECTION}",
            "byline": "By {author}",
            "dateline": "Published {d} {month} {y}, {hh}:{mm}",
            "promo": "Read more: {other}",
            "advert": "Advertisement",
            "bio": "{author} writes about {beat} for the Courier and has worked in regional "
                   "newsrooms for more than a decade.",
            "tags": "Tags: {tags}", "tag_sep": ", ",
            "copyright": "© 2026 Northfield Courier. All rights reserved.",
        },
        "inserts": [("promo", 3), ("advert", 2)], "insert_rate": 0.18, "lead_caption": False,
        "authors": ["Helen Marlowe", "Tomasz Riedel", "Priya Castellan", "Owen Fairbairn"],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "nc-", "insert_tag": "div", "wrapper": "article-body",
                 "sidebar": "Trending now", "nav_extra": ["Weather", "Jobs"],
                 "links": ["About the Courier", "Contact us", "Cookie policy", "Advertise"],
                 "charset_style": "http-equiv", "ext": "html", "cookie": None},
        "record": {"content": "html", "keys": ["url", "date"], "ascii": False},
        "filename": "article-{id}",
    },
    {
        "domain": "dailylantern.example", "name": "The Daily Lantern",
        "sections": {"business": "Business", "entertainment": "Arts", "politics": "Politics",
                     "sport": "Sport", "tech": "Science & Tech"},
        "header": ["title", "tagline", "readtime"],
        "footer": ["share", "newsletter", "comments", "copyright"],
        "lines": {
            "tagline": "Lighting the way since 1921",
            "readtime": "Listen to this article · {minutes} min",
            "advert": ["Advertisement", "Story continues below"],
            "promo": "Related: {other}",
            "share": "Share this article",
            "newsletter": "Sign up for The Lantern Evening Edition, our free daily newsletter",
            "comments": "Comments ({count})",
            "copyright": "© 2026 The Daily Lantern. All rights reserved.",
        },
        "inserts": [("advert", 2), ("promo", 2)], "insert_rate": 0.2, "lead_caption": False,
        "authors": [],
        "txt": {"sep": "\n", "newline": "\n"},
        "html": {"prefix": "dl-", "insert_tag": "p", "wrapper": None, "sidebar": None,
                 "nav_extra": ["World", "Opinion", "Puzzles"],
                 "links": ["About", "Help", "Privacy policy", "Terms"],
                 "charset_style": "meta", "ext": "html",
                 "cookie": "We use cookies to personalise content and ads. By continuing you "
                           "agree to our cookie policy."},
        "record": {"content": "content", "keys": ["site", "url", "title", "published"],
                   "ascii": False},
        "filename": "{date}-{slug}-{id}",
    },
    {
        "domain": "metrowire.example", "name": "Metro Wire",
        "sections": {"business": "Business", "entertainment": "Lifestyle", "politics": "Politics",
                     "sport": "Sports", "tech": "Technology"},
        "header": ["title", "dateline"],
        "footer": ["wire", "standards"],
        "lines": {
            "dateline": "{CITY}, {month} {d} (Metro Wire)",
            "wire": "Reporting by {reporter}; Editing by {editor}",
            "standards": "Our Standards: The Metro Wire Editorial Principles.",
        },
        "inserts": [], "insert_rate": 0.0, "lead_caption": False,
        "authors": [],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "mw-", "insert_tag": "div", "wrapper": "story-text", "sidebar": None,
                 "nav_extra": ["Markets", "World"], "links": ["Contact", "Legal", "Accessibility"],
                 "charset_style": "meta", "ext": "htm", "cookie": None},
        "record": {"content": "body", "keys": ["url", "title", "published", "site"],
                   "ascii": True},
        "filename": "{id}",
    },
    {
        "domain": "valleypost.example", "name": "Valley Post",
        "sections": {"business": "Business", "entertainment": "What's On", "politics": "Politics",
                     "sport": "Sport", "tech": "Tech"},
        "header": ["breadcrumb", "title", "byline"],
        "footer": ["tags", "social", "copyright"],
        "lines": {
            "breadcrumb": "Home / News / {section}",
            "byline": "By {author} | {d} {mon} {y}",
            "caption": "{caption} (Image: {agency})",
            "promo": "READ MORE: {other}",
            "advert": "ADVERTISEMENT",
            "tags": "Topics: {tags}", "tag_sep": " · ",
            "social": "Share on Facebook | Share on X | Share by email",
            "copyright": "Copyright © 2026 Valley Post Media Ltd",
        },
        "inserts": [("promo", 3), ("advert", 2), ("caption", 1)], "insert_rate": 0.2,
        "lead_caption": True,
        "authors": ["Gwen Talbot", "Marcus Ellery", "Siobhan Rook", "Dev Anand Pillai"],
        "txt": {"sep": "\n\n", "newline": "\r\n"},
        "html": {"prefix": "vp-", "insert_tag": "aside", "wrapper": None,
                 "sidebar": "Popular on Valley Post", "nav_extra": ["Property", "Motors"],
                 "links": ["About us", "Contact", "Complaints", "Privacy notice"],
                 "charset_style": "meta", "ext": "html", "cookie": None},
        "record": {"content": "text", "keys": ["url", "title", "author", "published"],
                   "ascii": True},
        "filename": "{slug}-{id}",
    },
    {
        "domain": "orbittribune.example", "name": "The Orbit Tribune",
        "sections": {"business": "Economy", "entertainment": "Culture", "politics": "Politics",
                     "sport": "Sport", "tech": "Tech"},
        "header": ["breadcrumb", "title", "readtime"],
        "footer": ["author", "bio", "newsletter", "prev", "next"],
        "lines": {
            "breadcrumb": "{section} » Latest",
            "readtime": "{minutes} min read",
            "promo": "Also read: {other}",
            "advert": "Sponsored",
            "video": "Watch: {other}",
            "bio": "{author} has covered {beat} for the Orbit Tribune since 2019.",
            "newsletter": "Never miss a story: subscribe to Orbit Daily",
            "prev": "Previous article: {other}", "next": "Next article: {other}",
        },
        "inserts": [("promo", 2), ("advert", 1), ("video", 1)], "insert_rate": 0.15,
        "lead_caption": False,
        "authors": ["Ravi Sethna", "Clementine Hartley", "Jakob Ostrowski"],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "ot-", "insert_tag": "div", "wrapper": "content", "sidebar": "Trending",
                 "nav_extra": ["Science", "Video"], "links": ["About", "Careers", "Privacy"],
                 "charset_style": "meta", "ext": "html", "cookie": None},
        "record": {"content": "html", "keys": ["url", "title", "author", "published"],
                   "ascii": False},
        "filename": "{slug}-{id}",
    },
    {
        "domain": "kingsbridgeobserver.example", "name": "Kingsbridge Observer",
        "sections": {"business": "Business", "entertainment": "Arts", "politics": "Politics",
                     "sport": "Sport", "tech": "Technology"},
        "header": ["title", "headline", "tagline"],
        "footer": ["wire", "tags", "copyright"],
        "lines": {
            "tagline": "Kingsbridge's independent voice",
            "caption": "{caption} Photograph: {person}/{agency}",
            "promo": "Related: {other}",
            "wire": "(Reporting by {reporter} in {city}; Editing by {editor})",
            "tags": "Filed under: {tags}", "tag_sep": ", ",
            "copyright": "© 2026 Kingsbridge Observer. All rights reserved.",
        },
        "inserts": [("caption", 1), ("promo", 1)], "insert_rate": 0.1, "lead_caption": True,
        "authors": [],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "ko-", "insert_tag": "aside", "wrapper": None, "sidebar": "Most viewed",
                 "nav_extra": ["Letters", "Obituaries"], "links": ["About", "Contact", "Privacy"],
                 "charset_style": "http-equiv", "ext": "html", "cookie": None},
        "record": {"content": "text", "keys": ["url", "title", "date"], "ascii": False},
        "filename": "{slug}-{id}",
    },
    {
        "domain": "eastbanknews.example", "name": "Eastbank Evening News",
        "sections": {"business": "Business", "entertainment": "Showbiz", "politics": "Politics",
                     "sport": "Sport", "tech": "Tech"},
        "header": ["cookie", "breadcrumb", "section", "title", "dateline"],
        "footer": ["newsletter", "social", "prev", "next", "copyright"],
        "lines": {
            "cookie": "This site uses cookies. Find out more in our privacy notice.",
            "breadcrumb": "Home › News › {section}",
            "section": "{section}",
            "dateline": "Updated {hh}:{mm}, {wd} {d} {mon} {y}",
            "advert": "Advertisement",
            "promo": "Related: {other}",
            "caption": "{caption} Photograph: {person}/{agency}",
            "newsletter": "Sign up to the Eastbank Evening News daily bulletin",
            "social": "Like us on Facebook and follow us on X for the latest from Eastbank",
            "prev": "« {other}", "next": "{other} »",
            "copyright": "© 2026 Eastbank Evening News. All rights reserved.",
        },
        "inserts": [("advert", 2), ("promo", 2), ("caption", 1)], "insert_rate": 0.22,
        "lead_caption": False,
        "authors": [],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "ee-", "insert_tag": "p", "wrapper": "story-body",
                 "sidebar": "In your area",
                 "nav_extra": ["Traffic", "Weather", "What's On"],
                 "links": ["Contact", "Advertise", "Privacy notice", "Cookie settings"],
                 "charset_style": "meta", "ext": "html", "cookie": None},
        "record": {"content": "html", "keys": ["url", "published"], "ascii": False},
        "filename": "{date}-{slug}-{id}",
    },
    {
        "domain": "summitledger.example", "name": "Summit Ledger",
        "sections": {"business": "Markets", "entertainment": "Life & Arts", "politics": "Policy",
                     "sport": "Sport", "tech": "Technology"},
        "header": ["section", "title", "byline"],
        "footer": ["author", "bio", "tags", "wire", "copyright"],
        "lines": {
            "section": "{section} | Summit Ledger",
            "byline": "By {author}",
            "promo": "Read more: {other}",
            "advert": "Advertisement",
            "bio": "{author} is a correspondent for the Summit Ledger, reporting on {beat}.",
            "tags": "Tags: {tags}", "tag_sep": ", ",
            "wire": "Reporting by {reporter}; Editing by {editor}",
            "copyright": "© 2026 Summit Ledger Group. All rights reserved.",
        },
        "inserts": [("promo", 2), ("advert", 1)], "insert_rate": 0.15, "lead_caption": False,
        "authors": ["Imogen Vance", "Felix Adeyemi", "Harriet Coombe", "Luca Brandt"],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "sl-", "insert_tag": "aside", "wrapper": "article-content",
                 "sidebar": "Most popular", "nav_extra": ["Companies", "Opinion"],
                 "links": ["Subscribe", "Help centre", "Terms", "Privacy"],
                 "charset_style": "meta", "ext": "html", "cookie": None},
        "record": {"content": "text", "keys": ["url", "title", "author", "published"],
                   "ascii": False},
        "filename": "article-{id}",
    },
    {
        "domain": "riversidechronicle.example", "name": "Riverside Chronicle",
        "sections": {"business": "Business", "entertainment": "Entertainment",
                     "politics": "Politics", "sport": "Sport", "tech": "Tech"},
        "header": ["breadcrumb", "title", "headline", "tagline"],
        "footer": ["prev", "next", "social", "newsletter", "copyright"],
        "lines": {
            "breadcrumb": "Home › {section} › Latest",
            "tagline": "Local news that matters",
            "caption": "{caption} (Image: {agency})",
            "video": "{other} – video",
            "advert": "Advertisement",
            "promo": "Read more: {other}",
            "prev": "PREV {other}", "next": "NEXT {other}",
            "social": "Share this story on your favourite network",
            "newsletter": "Want the Chronicle in your inbox? Sign up for our weekday newsletter",
            "copyright": "© 2026 Riverside Chronicle. All rights reserved.",
        },
        "inserts": [("video", 1), ("advert", 1), ("promo", 1)], "insert_rate": 0.16,
        "lead_caption": True,
        "authors": [],
        "txt": {"sep": "\n\n", "newline": "\n"},
        "html": {"prefix": "rc-", "insert_tag": "div", "wrapper": None, "sidebar": "Latest news",
                 "nav_extra": ["Community", "Events"], "links": ["About", "Contact", "Privacy"],
                 "charset_style": "meta", "ext": "html",
                 "cookie": "Cookies help us run this site. Accept all or manage your choices."},
        "record": {"content": "text", "keys": ["site", "url", "title", "date"], "ascii": False},
        "filename": "{slug}-{id}",
    },
]

# =============================================================================================
# Data: mixture weights
# =============================================================================================

FORMAT_WEIGHTS = {"txt": 46, "html": 32, "json": 12, "jsonl": 10}  # per document
TXT_ENCODINGS = {"utf-8": 72, "utf-8-sig": 4, "cp1252": 12, "latin-1": 4, "utf-16": 8}
HTML_ENCODINGS = {  # (encoding written, charset declared) -> weight
    ("utf-8", "utf-8"): 78, ("cp1252", "windows-1252"): 12, ("latin-1", "iso-8859-1"): 6,
    ("utf-8", None): 2, ("cp1252", None): 2,
}
GZ_RATE = 0.08  # per file
CLUSTER_SIZES = {1: 55, 2: 18, 3: 11, 4: 7, 5: 5, 6: 4}  # syndication
COPY_VARIANTS = {"syndicated": 24, "retitled": 18, "trimmed": 20, "edited": 20, "mojibake": 9,
                 "html": 9}
JSONL_BATCH = (2, 8)

# =============================================================================================
# Source articles
# =============================================================================================


@dataclass
class Story:
    """One text to publish: a source file, or a recombination of two."""
    id: str
    section: str
    title: str
    paras: list[str]
    sources: list[str]
    origin: str = "source"


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _norm_key(paras: list[str]) -> str:
    return hashlib.sha1(" ".join(re.findall(r"\w+", " ".join(paras).lower())).encode()).hexdigest()


def load_sources(folder: Path) -> list[Story]:
    """Every usable article of ``folder``, sorted by path; identical bodies share a story id."""
    files = sorted(
        (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"
         and not p.name.lower().startswith("readme")),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    stories: list[Story] = []
    first_of: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(folder).as_posix()
        text = html.unescape(_read_text(path))  # a few BBC files hold literal &#233; &lt; ...
        lines = [re.sub(r"\s+", " ", ln).strip() for ln in text.splitlines()]
        lines = [ln for ln in lines if re.search(r"\w", ln)]  # drop empty and "." lines
        if len(lines) < 2:
            continue
        title, paras = lines[0], lines[1:]
        section = rel.split("/")[0] if "/" in rel else "news"
        story_id = first_of.setdefault(_norm_key(paras), "src:" + rel.rsplit(".", 1)[0])
        stories.append(Story(story_id, section, title, paras, [rel]))
    return stories


#: How new stories are made once the sources are used up (``--stories``).
STORY_KINDS = ("recombined", "fresh")
FRESH_PARTS = 4  # source articles a fresh story takes a run of paragraphs from
FRESH_SWAP = 0.25  # share of a fresh story's words replaced by a random word of the sources


class StorySupply:
    """Hands out stories: the sources in shuffled order, then recombinations (or fresh stories).

    ``kind="recombined"`` (the default) makes each new story of two source halves, so at large
    sizes every source half recurs in many stories, which then share a third of their shingles.
    ``kind="fresh"`` makes each new story of runs of paragraphs from :data:`FRESH_PARTS` sources
    with :data:`FRESH_SWAP` of the words replaced by random words of the sources: two fresh
    stories share almost no 5-word shingle, so cluster sizes *and* the number of look-alike
    stories stay as in a small corpus however large it grows (a corpus of new stories, as a
    scraper's next year of news is, not the same 2,225 texts cut up ever more often).
    """

    def __init__(self, sources: list[Story], rng: Random, kind: str = "recombined"):
        if kind not in STORY_KINDS:
            raise ValueError(f"stories must be one of {', '.join(STORY_KINDS)}, not {kind!r}")
        self.kind = kind
        self.vocab: list[str] = []
        self.rng = rng
        self.sources = sources
        self.queue = sources[:]
        rng.shuffle(self.queue)
        self.by_section: dict[str, list[Story]] = defaultdict(list)
        for s in sources:
            self.by_section[s.section].append(s)
        self.used_pairs: set[tuple[str, str]] = set()
        self.recombined = 0

    def next(self) -> Story:
        if self.queue:
            return self.queue.pop()
        return self._fresh() if self.kind == "fresh" else self._recombine()

    def _fresh(self) -> Story:
        rng = self.rng
        if not self.vocab:
            self.vocab = sorted({w for s in self.sources for p in s.paras for w in p.split() if w.isalpha()})
        picks = rng.sample(self.sources, min(FRESH_PARTS, len(self.sources)))
        paras = []
        for s in picks:
            k = max(1, len(s.paras) // 3)
            first = rng.randrange(len(s.paras) - k + 1)
            for par in s.paras[first:first + k]:
                paras.append(" ".join(rng.choice(self.vocab) if w.isalpha() and rng.random() < FRESH_SWAP else w
                                      for w in par.split()))
        self.recombined += 1
        words = picks[0].title.split()
        title = " ".join(rng.choice(self.vocab) if w.isalpha() and rng.random() < 0.4 else w for w in words)
        return Story(f"new:{self.recombined:06d}", picks[0].section, title, paras,
                     [s.sources[0] for s in picks], origin="fresh")

    def _recombine(self) -> Story:
        rng = self.rng
        for _ in range(1000):
            a = rng.choice(self.sources)
            pool = self.by_section[a.section]
            if len(pool) < 2:
                pool = self.sources
            b = rng.choice(pool)
            key = (a.sources[0], b.sources[0])
            if b.id != a.id and key not in self.used_pairs:
                break
        else:
            raise ValueError(f"the source folder holds too few distinct stories for this many "
                             f"documents ({self.recombined} recombinations made)")
        self.used_pairs.add(key)
        self.recombined += 1
        head = a.paras[: (len(a.paras) + 1) // 2]
        tail = b.paras[len(b.paras) // 2:]
        return Story(f"mix:{self.recombined:06d}", a.section, f"{a.title}; {b.title}",
                     head + tail, [a.sources[0], b.sources[0]], origin="recombined")


# =============================================================================================
# Text transformations (variants and damage)
# =============================================================================================

_C1_TO_CP1252 = {}
for _b in range(0x80, 0xA0):
    try:
        _C1_TO_CP1252[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass  # 0x81 0x8D 0x8F 0x90 0x9D stay C1 controls ("sloppy" windows-1252)


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252: 'café – £5' -> 'cafÃ© â€“ Â£5'."""
    return text.encode("utf-8").decode("latin-1").translate(_C1_TO_CP1252)


def smarten(text: str) -> str:
    """Typographic quotes, apostrophes and dashes, as many CMSes produce."""
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    text = text.replace('"', "\u201d")
    text = re.sub(r"(?<=\w)'", "\u2019", text)
    text = re.sub(r"'(?=\w)", "\u2018", text)
    text = text.replace("'", "\u2019").replace(" - ", " \u2013 ")
    return text


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d']))\s+(?=[A-Z\"\u201c'])")


def _sentences(par: str) -> list[str]:
    return _SENTENCE_END.split(par) if par else []


def _capitalise(word: str) -> str:
    """Upper-case the first letter, after any leading quote or bracket."""
    i = next((k for k, c in enumerate(word) if c.isalnum()), None)
    return word if i is None else word[:i] + word[i].upper() + word[i + 1:]


def retitle(title: str, paras: list[str], rng: Random) -> tuple[str, str]:
    methods = ["titlecase", "prefix", "suffix", "lede"]
    rng.shuffle(methods)
    for method in methods:
        if method == "titlecase":
            words = title.split(" ")
            new = " ".join(w if (i and w.lower() in SMALL_WORDS) else _capitalise(w)
                           for i, w in enumerate(words))
        elif method == "prefix":
            new = rng.choice(RETITLE_PREFIXES) + title
        elif method == "suffix":
            new = title + rng.choice(RETITLE_SUFFIXES)
        else:
            first = _sentences(paras[0])[0] if paras else ""
            words = first.split()
            if not 5 <= len(words) <= 14:
                continue
            new = first.rstrip(".!?:;,").strip("\"'")
        if new != title:
            return new, f"retitle: {method}"
    return title + " (updated)", "retitle: suffix"


def trim(paras: list[str], rng: Random) -> tuple[list[str], str | None]:
    """Drop 5-20 % of the characters from the end: whole paragraphs, else sentences."""
    total = sum(len(p) for p in paras)
    budget = int(total * rng.uniform(0.05, 0.20))
    kept = paras[:]
    dropped = 0
    while len(kept) > 1 and dropped + len(kept[-1]) <= budget:
        dropped += len(kept.pop())
    if dropped:
        return kept, (f"trim: dropped last {len(paras) - len(kept)} of {len(paras)} paragraphs "
                      f"({100 * dropped / total:.0f}% of the text)")
    sents = _sentences(kept[-1])
    cut = 0
    while len(sents) > 1 and cut + len(sents[-1]) + 1 <= budget:
        cut += len(sents.pop()) + 1
    if not cut:
        return paras, None
    kept[-1] = " ".join(sents)
    return kept, (f"trim: dropped the last sentences of the last paragraph "
                  f"({100 * cut / total:.0f}% of the text)")


def _edit_once(paras: list[str], rule: str, rng: Random) -> str | None:
    """Apply one occurrence of one edit rule in place; return its description or None."""
    if rule == "word":
        pairs = _EDIT_RX[:]
        rng.shuffle(pairs)
        joined = "\n".join(paras)
        for rx, old, new in pairs:
            if not rx.search(joined):
                continue
            hits = [(i, m) for i, p in enumerate(paras) for m in rx.finditer(p)]
            if hits:
                i, m = rng.choice(hits)
                rep = _capitalise(new) if m.group(0)[0] != old[0] else new
                paras[i] = paras[i][: m.start()] + rep + paras[i][m.end():]
                return f"edit: '{m.group(0)}' -> '{rep}'"
        return None
    patterns = {
        "percent": (r"(?<=\d)%", " per cent"),
        "comma": (r", (?=\w)", " "),
        "honorific": (r"\b(Mr|Mrs|Ms|Dr)(?= [A-Z])", "\\1."),
        "dash": (r" - ", " \u2014 "),
    }
    if rule == "quotes":
        cands = [i for i, p in enumerate(paras) if p.count('"') >= 2]
        if not cands:
            return None
        i = rng.choice(cands)
        paras[i] = smarten(paras[i])
        return f"edit: curly quotes in paragraph {i + 1}"
    rx, rep = patterns[rule]
    hits = [(i, m) for i, p in enumerate(paras) for m in re.finditer(rx, p)]
    if not hits:
        return None
    i, m = rng.choice(hits)
    new = m.expand(rep)
    paras[i] = paras[i][: m.start()] + new + paras[i][m.end():]
    return f"edit: {rule} '{m.group(0)}' -> '{new}'"


_EDIT_RX = [
    (re.compile(r"\b" + (f"[{old[0]}{old[0].upper()}]" if old[0].islower() else old[0])
                + re.escape(old[1:]) + (r"(?![\w.])" if old.isupper() else r"\b")), old, new)
    for old, new in EDIT_WORDS
]


def edit(paras: list[str], rng: Random) -> tuple[list[str], list[str]]:
    paras = paras[:]
    ops: list[str] = []
    rules = ["word", "word", "word", "percent", "comma", "honorific", "quotes", "dash"]
    for _ in range(rng.randint(2, 5)):
        order = rules[:]
        rng.shuffle(order)
        for rule in order:
            done = _edit_once(paras, rule, rng)
            if done:
                ops.append(done)
                break
    return paras, ops


# =============================================================================================
# Planning: which story goes to which site, as which variant, in which shape
# =============================================================================================


@dataclass
class Doc:
    story: Story
    site: int
    variant: str
    fmt: str
    index: int = 0
    encoding: str = "utf-8"
    declared: str | None = None
    # filled by rendering
    title: str = ""
    paras: list[str] = field(default_factory=list)
    ops: list[str] = field(default_factory=list)
    boilerplate: list[tuple[str, str]] = field(default_factory=list)
    author: str | None = None
    published: str = ""
    url: str = ""
    content_key: str | None = None


def _pick(rng: Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def plan(n: int, supply: StorySupply, profile: str, rng: Random) -> list[Doc]:
    docs: list[Doc] = []
    while len(docs) < n:
        story = supply.next()
        synd = profile == "syndication" or (profile == "mixed" and rng.random() < 0.5)
        size = _pick(rng, CLUSTER_SIZES) if synd else 1
        size = min(size, n - len(docs))
        sites = rng.sample(range(len(SITES)), size)
        variants = ["original"]
        for _ in range(size - 1):
            v = _pick(rng, COPY_VARIANTS)
            variants.append("syndicated" if v == "html" and "html" in variants else v)
        cluster = [Doc(story, site, v, _pick(rng, FORMAT_WEIGHTS))
                   for site, v in zip(sites, variants)]
        for d in cluster:
            if d.variant == "html":
                d.fmt = "html"
                cluster[0].fmt = "txt"
        docs.extend(cluster)
    rng.shuffle(docs)
    for i, d in enumerate(docs):
        d.index = i
        if d.variant == "mojibake":
            d.encoding, d.declared = "utf-8", ("utf-8" if d.fmt == "html" else None)
        elif d.fmt == "txt":
            d.encoding = _pick(rng, TXT_ENCODINGS)
        elif d.fmt == "html":
            d.encoding, d.declared = _pick(rng, HTML_ENCODINGS)
    return docs


# =============================================================================================
# Rendering: blocks -> txt / html / json
# =============================================================================================


@lru_cache(maxsize=None)
def _parsed(template: str) -> tuple[tuple[str, str, str | None], ...]:
    """(literal, literal escaped for HTML, field name or None) for each piece of a template."""
    return tuple((lit, html.escape(lit, quote=False), name)
                 for lit, name, _, _ in string.Formatter().parse(template))


@lru_cache(maxsize=None)
def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, _, name in _parsed(template) if name)


@lru_cache(maxsize=65536)
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-") or "article"


def _person(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _fmt(template: str, values: dict) -> tuple[str, str]:
    """Format a site line; returns (text, html). Values may be str or (text, html) pairs."""
    text_parts, html_parts = [], []
    for literal, escaped, name in _parsed(template):
        text_parts.append(literal)
        html_parts.append(escaped)
        if name is not None:
            v = values[name]
            t, h = v if isinstance(v, tuple) else (v, html.escape(v, quote=False))
            text_parts.append(t)
            html_parts.append(h)
    return "".join(text_parts), "".join(html_parts)


@lru_cache(maxsize=65536)
def _link(text: str, section: str) -> tuple[str, str]:
    return text, f'<a href="/{section}/{_slug(text)}">{html.escape(text, quote=False)}</a>'


class Renderer:
    """Turns a planned Doc into blocks (kind, text, html) using its site's template."""

    def __init__(self, titles: list[str], seed: int):
        self.titles = titles
        self.seed = seed

    def other(self, rng: Random, title: str, section: str) -> tuple[str, str]:
        for _ in range(20):  # (a tiny source folder may have no other headline)
            t = rng.choice(self.titles)
            if t != title:
                break
        return _link(t, section)

    def prepare(self, doc: Doc, rng: Random) -> None:
        """Apply the variant to the story; fill title, paras, ops, author, date, url."""
        st, site = doc.story, SITES[doc.site]
        doc.title, doc.paras = st.title, st.paras[:]
        if st.origin == "recombined":
            doc.ops.append(f"recombined: first half of {st.sources[0]} + second half of "
                           f"{st.sources[1]}")
        if doc.variant == "retitled":
            doc.title, op = retitle(doc.title, doc.paras, rng)
            doc.ops.append(op)
        elif doc.variant == "trimmed":
            doc.paras, op = trim(doc.paras, rng)
            if op:
                doc.ops.append(op)
            else:
                doc.variant = "syndicated"
                doc.ops.append("trim: nothing could be dropped, kept as an exact copy")
        elif doc.variant == "edited":
            doc.paras, ops = edit(doc.paras, rng)
            doc.ops.extend(ops)
        elif doc.variant == "mojibake":
            doc.paras = [smarten(p) for p in doc.paras]
            doc.ops += ["smart punctuation", "utf-8 bytes decoded as windows-1252"]
        doc.author = rng.choice(site["authors"]) if site["authors"] else None
        # a date in the source's period (2004-2005); copies of one story within a few days
        base = int(hashlib.sha1(st.id.encode()).hexdigest()[:8], 16) % 728
        day = date(2004, 1, 1) + timedelta(days=base + (0 if doc.variant == "original"
                                                        else rng.randint(0, 3)))
        hh, mm = rng.randint(6, 22), rng.randint(0, 59)
        doc.published = f"{day.isoformat()}T{hh:02d}:{mm:02d}:00+00:00"
        self.dateparts = {"y": str(day.year), "month": MONTHS[day.month - 1],
                          "mon": MONTHS[day.month - 1][:3], "d": str(day.day),
                          "hh": f"{hh:02d}", "mm": f"{mm:02d}", "wd": WEEKDAYS[day.weekday()][:3]}
        sec = site["sections"].get(st.section, "News")
        doc.url = f"https://www.{site['domain']}/{_slug(sec)}/{_slug(doc.title)}-{doc.index}"

    def line(self, kind: str, doc: Doc, rng: Random) -> list[tuple[str, str, str]]:
        """Blocks for one template kind."""
        site, st = SITES[doc.site], doc.story
        sec = site["sections"].get(st.section, "News")
        if kind in ("title", "headline"):
            return [(kind, doc.title, html.escape(doc.title, quote=False))]
        if kind == "author":
            return [(kind, doc.author, html.escape(doc.author, quote=False))]
        tmpl = site["lines"][kind]
        lines = tmpl if isinstance(tmpl, list) else [tmpl]
        needed = sorted({name for t in lines for name in _fields(t)})
        values = {name: self.value(name, doc, sec, rng) for name in needed}
        return [(kind, *_fmt(t, values)) for t in lines]

    def value(self, name: str, doc: Doc, sec: str, rng: Random):
        """The value of one template field (drawn from rng only when the template uses it)."""
        st = doc.story
        if name in self.dateparts:
            return self.dateparts[name]
        if name == "section":
            return sec
        if name == "SECTION":
            return sec.upper()
        if name == "author":
            return doc.author or ""
        if name == "beat":
            return BEATS.get(st.section, BEATS["news"])
        if name == "city":
            return rng.choice(CITIES).title()
        if name == "CITY":
            return rng.choice(CITIES)
        if name in ("reporter", "editor", "person"):
            return _person(rng)
        if name == "agency":
            return rng.choice(AGENCIES)
        if name == "count":
            return str(rng.randint(0, 240))
        if name == "minutes":
            return str(max(1, sum(len(p.split()) for p in doc.paras) // 200))
        if name == "caption":
            return rng.choice(CAPTIONS.get(st.section, CAPTIONS["news"]))
        if name == "other":
            return self.other(rng, doc.title, _slug(sec))
        if name == "tags":
            return self.tags(SITES[doc.site], st.section, sec, rng)
        raise KeyError(f"unknown template field {{{name}}}")

    @staticmethod
    def tags(site: dict, section: str, label: str, rng: Random) -> tuple[str, str]:
        pool = TAGS.get(section, TAGS["news"])
        links = [_link(t, "tag") for t in [label] + rng.sample(pool, rng.randint(2, 4))]
        sep = site["lines"]["tag_sep"]
        return (sep.join(t for t, _ in links),
                html.escape(sep, quote=False).join(h for _, h in links))

    def blocks(self, doc: Doc, rng: Random) -> list[tuple[str, str, str]]:
        site = SITES[doc.site]
        out: list[tuple[str, str, str]] = []
        for kind in site["header"]:
            out += self.line(kind, doc, rng)
        if site["lead_caption"]:
            out += self.line("caption", doc, rng)
        kinds = [k for k, _ in site["inserts"]]
        weights = [w for _, w in site["inserts"]]
        for i, par in enumerate(doc.paras):
            if i and kinds and rng.random() < site["insert_rate"]:
                out += self.line(rng.choices(kinds, weights)[0], doc, rng)
            out.append(("body", par, html.escape(par, quote=False)))
        for kind in site["footer"]:
            if kind in ("author", "bio") and not doc.author:
                continue
            out += self.line(kind, doc, rng)
        return out

    # ---- txt ----------------------------------------------------------------------------

    def to_txt(self, doc: Doc, blocks) -> str:
        site = SITES[doc.site]
        doc.boilerplate = [(k, t) for k, t, _ in blocks if k not in ("title", "body")]
        text = site["txt"]["sep"].join(t for _, t, _ in blocks) + "\n"
        return text.replace("\n", site["txt"]["newline"])

    # ---- html ---------------------------------------------------------------------------

    def to_html(self, doc: Doc, blocks, rng: Random) -> str:
        site, st = SITES[doc.site], doc.story
        h, p = site["html"], site["html"]["prefix"]
        sec = site["sections"].get(st.section, "News")
        bp: list[tuple[str, str]] = []
        esc = lambda s: html.escape(s, quote=True)  # noqa: E731

        def chrome(kind: str, text: str) -> str:
            bp.append((kind, text))
            return html.escape(text, quote=False)

        zones: dict[str, list] = defaultdict(list)
        zone_of = {
            "cookie": "masthead", "tagline": "masthead", "breadcrumb": "top", "headline": "top",
            "section": "head", "byline": "head", "dateline": "head", "readtime": "head",
            "caption": "inline", "promo": "inline", "advert": "inline", "video": "inline",
            "wire": "signoff", "standards": "signoff",
            "author": "foot", "bio": "foot", "tags": "foot", "share": "foot", "comments": "foot",
            "newsletter": "page", "social": "page", "prev": "page", "next": "page",
            "copyright": "page",
        }
        seen_body = False
        for kind, text, frag in blocks:
            if kind == "body":
                seen_body = True
                zones["body"].append(("body", text, frag))
            elif kind == "title":
                continue
            elif kind == "caption" and not seen_body:
                zones["leadfig"].append((kind, text, frag))
            elif zone_of[kind] == "inline":
                zones["body"].append((kind, text, frag))
            else:
                zones[zone_of[kind]].append((kind, text, frag))

        def emit(kind, text, frag):
            bp.append((kind, text))
            return frag

        charset = doc.declared
        if charset and h["charset_style"] == "meta":
            meta = f'<meta charset="{charset}">'
        elif charset:
            meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        else:
            meta = ""
        out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>"]
        if meta:
            out.append(meta)
        out += [
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(doc.title)} | {esc(site['name'])}</title>",
            f'<link rel="canonical" href="{doc.url}">',
            f'<meta property="og:title" content="{esc(doc.title)}">',
            f'<meta property="og:site_name" content="{esc(site["name"])}">',
            f'<meta property="article:published_time" content="{doc.published}">',
        ]
        if doc.author:
            out.append(f'<meta name="author" content="{esc(doc.author)}">')
        out += [
            f'<link rel="stylesheet" href="/static/{p}main.css">',
            "<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"
            f'"section":"{_slug(sec)}","articleId":"{doc.index}","paywall":false}});</script>',
            "</head>",
            f'<body class="{p}page {p}article-page">',
        ]
        cookie = h["cookie"]
        if cookie:
            out.append(f'<div class="{p}cookie-banner" role="dialog"><p>{chrome("cookie", cookie)}'
                       f'</p><button type="button">{chrome("button", "Accept")}</button></div>')
        out.append(f'<header class="{p}masthead">')
        for kind, text, frag in zones["masthead"]:
            if kind == "cookie":
                out.append(f'<div class="{p}notice">{emit(kind, text, frag)}</div>')
        out.append(f'<a class="{p}logo" href="/">{chrome("logo", site["name"])}</a>')
        for kind, text, frag in zones["masthead"]:
            if kind == "tagline":
                out.append(f'<p class="{p}tagline">{emit(kind, text, frag)}</p>')
        nav = ["Home"] + list(dict.fromkeys(site["sections"].values())) + h["nav_extra"]
        out.append(f'<nav class="{p}nav"><ul>')
        out += [f'<li><a href="/{_slug(item) if item != "Home" else ""}">{chrome("nav", item)}'
                '</a></li>' for item in nav]
        out += ["</ul></nav>", "</header>"]
        for kind, text, frag in zones["top"]:
            if kind == "breadcrumb":
                out.append(f'<nav class="{p}breadcrumb" aria-label="Breadcrumb">'
                           f'{emit(kind, text, frag)}</nav>')
            else:
                out.append(f'<div class="{p}sticky-headline" aria-hidden="true">'
                           f'{emit(kind, text, frag)}</div>')
        out += [f'<main class="{p}main">', f'<article class="{p}story">',
                f'<header class="{p}story-header">']
        head = zones["head"]
        for kind, text, frag in head:
            if kind == "section":
                out.append(f'<div class="{p}kicker">{emit(kind, text, frag)}</div>')
        out.append(f"<h1>{html.escape(doc.title, quote=False)}</h1>")
        for kind, text, frag in head:
            if kind != "section":
                tag = "time" if kind == "dateline" else "div"
                attr = f' datetime="{doc.published}"' if tag == "time" else ""
                out.append(f'<{tag} class="{p}{kind}"{attr}>{emit(kind, text, frag)}</{tag}>')
        for kind, text, frag in zones["leadfig"]:
            out.append(f'<figure class="{p}lead-image"><img src="/img/{doc.index}.jpg" alt="">'
                       f"<figcaption>{emit(kind, text, frag)}</figcaption></figure>")
        out.append("</header>")
        if h["wrapper"]:
            out.append(f'<div class="{p}{h["wrapper"]}">')
        itag = h["insert_tag"]
        for kind, text, frag in zones["body"]:
            if kind == "body":
                out.append(f"<p>{frag}</p>")
            elif kind == "caption":
                out.append(f'<figure class="{p}inline-image"><img src="/img/{doc.index}-'
                           f'{len(out)}.jpg" alt=""><figcaption>{emit(kind, text, frag)}'
                           "</figcaption></figure>")
            else:
                out.append(f'<{itag} class="{p}{kind}">{emit(kind, text, frag)}</{itag}>')
        for kind, text, frag in zones["signoff"]:
            out.append(f'<p class="{p}{kind}">{emit(kind, text, frag)}</p>')
        if h["wrapper"]:
            out.append("</div>")
        if zones["foot"]:
            out.append(f'<footer class="{p}story-footer">')
            for kind, text, frag in zones["foot"]:
                out.append(f'<div class="{p}{kind}">{emit(kind, text, frag)}</div>')
            out.append("</footer>")
        out.append("</article>")
        if h["sidebar"]:
            out += [f'<aside class="{p}sidebar">', f"<h2>{chrome('sidebar', h['sidebar'])}</h2>",
                    "<ol>"]
            picked: list[tuple[str, str]] = []
            for _ in range(50):
                if len(picked) == 5:
                    break
                item = self.other(rng, doc.title, _slug(sec))
                if item not in picked:
                    picked.append(item)
            for t, frag in picked:
                bp.append(("sidebar", t))
                out.append(f"<li>{frag}</li>")
            out += ["</ol>", "</aside>"]
        out += ["</main>", f'<footer class="{p}site-footer">']
        page = zones["page"]
        pager_at = next((i for i, (k, *_) in enumerate(page) if k in ("prev", "next")), None)
        for i, (kind, text, frag) in enumerate(page):
            if kind == "newsletter":
                out.append(f'<div class="{p}newsletter"><p>{emit(kind, text, frag)}</p><form '
                           'action="/newsletter" method="post"><input type="email" name="email" '
                           'placeholder="Email address"><button type="submit">'
                           f'{chrome("button", "Sign up")}</button></form></div>')
            elif kind in ("prev", "next"):
                if i == pager_at:  # all PREV/NEXT links together, in one pager
                    links = [f'<span class="{p}{k}">{emit(k, t, f)}</span>'
                             for k, t, f in page if k in ("prev", "next")]
                    out.append(f'<nav class="{p}pager">' + "".join(links) + "</nav>")
            else:
                out.append(f'<p class="{p}{kind}">{emit(kind, text, frag)}</p>')
        out.append(f'<ul class="{p}footer-links">')
        out += [f'<li><a href="/{_slug(item)}">{chrome("links", item)}</a></li>'
                for item in h["links"]]
        out += ["</ul>", "</footer>", f'<script src="/static/{p}bundle.js" defer></script>',
                "</body>", "</html>", ""]
        doc.boilerplate = bp
        return "\n".join(out)

    # ---- one document -------------------------------------------------------------------

    def render(self, doc: Doc) -> str | dict:
        """The document as text (txt/html) or as a JSON record (dict)."""
        rng = Random(f"{self.seed}/{doc.index}")
        self.prepare(doc, rng)
        site = SITES[doc.site]
        blocks = self.blocks(doc, rng)
        as_html = doc.fmt == "html" or (doc.fmt in ("json", "jsonl")
                                        and site["record"]["content"] == "html")
        page = self.to_html(doc, blocks, rng) if as_html else self.to_txt(doc, blocks)
        if doc.variant == "mojibake":
            page = mojibake(page)
        if doc.fmt in ("txt", "html"):
            return page
        rec = site["record"]
        doc.content_key = rec["content"]
        record = {}
        for key in rec["keys"]:
            if key == "url":
                record["url"] = doc.url
            elif key == "title":
                record["title"] = mojibake(doc.title) if doc.variant == "mojibake" else doc.title
            elif key == "author":
                if doc.author:
                    record["author"] = doc.author
            elif key in ("published", "date"):
                record[key] = doc.published
            elif key == "site":
                record["site"] = site["name"]
        record[rec["content"]] = page
        return record


# =============================================================================================
# Encoding and writing
# =============================================================================================


def encode_text(text: str, encoding: str) -> tuple[bytes, str]:
    """Bytes in ``encoding``; falls back to cp1252 then utf-8 when the text does not fit."""
    order = {"latin-1": ["latin-1", "cp1252", "utf-8"], "cp1252": ["cp1252", "utf-8"]}
    for enc in order.get(encoding, [encoding]):
        try:
            if enc == "utf-16":
                return b"\xff\xfe" + text.encode("utf-16-le"), enc
            return text.encode(enc), enc
        except UnicodeEncodeError:
            continue
    raise AssertionError("unreachable")


def encode_html(page: str, encoding: str) -> bytes:
    return page.encode(encoding, errors="xmlcharrefreplace")


def _json_line(record: dict, ascii_only: bool) -> str:
    return json.dumps(record, ensure_ascii=ascii_only, separators=(", ", ": "))


def _filename(doc: Doc, ext: str) -> str:
    site = SITES[doc.site]
    name = site["filename"].format(slug=_slug(doc.title), id=f"{doc.index:06d}",
                                   date=doc.published[:10])
    return f"{name}.{ext}"


def _digest(entries) -> str:
    h = hashlib.sha256()
    for name, file_hash in sorted(entries):
        h.update(name.encode() + b"\0" + file_hash)
    return h.hexdigest()


def tree_digest(out_dir) -> str:
    """sha256 over raw/ and gold.jsonl (paths and contents), as printed; for determinism checks."""
    out_dir = Path(out_dir)
    files = [p for p in (out_dir / "raw").rglob("*") if p.is_file()] + [out_dir / "gold.jsonl"]
    return _digest((p.relative_to(out_dir).as_posix(), hashlib.sha256(p.read_bytes()).digest())
                   for p in files)


def _gold_row(doc: Doc, raw: str, gz: bool) -> dict:
    site = SITES[doc.site]
    return {
        "raw": raw, "site": site["domain"], "story": doc.story.id, "title": doc.title,
        "body": "\n\n".join(doc.paras),
        "boilerplate": [t for _, t in doc.boilerplate],
        "boilerplate_kinds": [k for k, _ in doc.boilerplate],
        "variant": doc.variant, "ops": doc.ops, "format": doc.fmt, "content": doc.content_key,
        "gz": gz, "encoding": doc.encoding, "declared": doc.declared, "author": doc.author,
        "published": doc.published, "url": doc.url, "source": doc.story.sources,
        "origin": doc.story.origin,
    }


def generate(out_dir, n: int = 2000, seed: int = 0, source=None, profile: str = "mixed",
             *, force: bool = False, quiet: bool = True, stories: str = "recombined") -> Path:
    """Write ``out_dir/raw/``, ``out_dir/gold.jsonl`` and ``out_dir/corpus.json``; return out_dir.

    Raises FileNotFoundError if ``source`` is missing or holds no article, FileExistsError if
    ``out_dir/raw`` already exists and not ``force`` (with force, raw/ and gold.jsonl are
    replaced), ValueError for a bad profile or n.  ``stories``: how stories beyond the sources
    are made (:class:`StorySupply`; ``"fresh"`` for scaling runs).
    """
    t0 = time.perf_counter()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many long-lived objects, no cycles worth collecting: 2x faster
    try:
        return _generate(out_dir, n, seed, source, profile, force, quiet, t0, stories)
    finally:
        if gc_was_enabled:
            gc.enable()


def _generate(out_dir, n, seed, source, profile, force, quiet, t0, stories="recombined") -> Path:
    out_dir = Path(out_dir)
    source = Path(source) if source else DEFAULT_SOURCE
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    if n < 1:
        raise ValueError("n must be at least 1")
    if not source.is_dir():
        raise FileNotFoundError(f"source folder not found: {source} (pass --source DIR, a folder "
                                "of .txt articles with the headline on the first line)")
    sources = load_sources(source)
    if not sources:
        raise FileNotFoundError(f"no usable .txt article (headline line + body) under {source}")
    raw_dir = out_dir / "raw"
    if raw_dir.exists():
        if not force:
            raise FileExistsError(f"{raw_dir} already exists (use --force to replace it)")
        shutil.rmtree(raw_dir)

    rng = Random(seed)
    supply = StorySupply(sources, rng, stories)
    docs = plan(n, supply, profile, rng)
    renderer = Renderer(sorted({s.title for s in sources}), seed)

    # group documents into files: jsonl batches per site, everything else one file each
    files: list[list[Doc]] = []
    jsonl_by_site: dict[int, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.fmt == "jsonl":
            jsonl_by_site[d.site].append(d)
        else:
            files.append([d])
    for site_idx in sorted(jsonl_by_site):
        batch = jsonl_by_site[site_idx]
        while batch:
            k = rng.randint(*JSONL_BATCH)
            if len(batch) - k < JSONL_BATCH[0]:
                k = len(batch)
            files.append(batch[:k])
            batch = batch[k:]
    files.sort(key=lambda group: group[0].index)

    gold: list[tuple[tuple[str, int], str]] = []
    counts = Counts()
    hashes: list[tuple[str, bytes]] = []
    for d in SITES:
        (raw_dir / d["domain"]).mkdir(parents=True, exist_ok=True)
    for group in files:
        first = group[0]
        site = SITES[first.site]
        gz = rng.random() < GZ_RATE
        if first.fmt == "jsonl":
            lines = [_json_line(renderer.render(d), site["record"]["ascii"]) for d in group]
            data = ("\n".join(lines) + "\n").encode("utf-8")
            name = f"batch-{first.index:06d}.jsonl"
        else:
            content = renderer.render(first)
            if first.fmt == "json":
                data = (_json_line(content, site["record"]["ascii"]) + "\n").encode("utf-8")
                name = _filename(first, "json")
            elif first.fmt == "html":
                data = encode_html(content, first.encoding)
                name = _filename(first, site["html"]["ext"])
            else:
                data, first.encoding = encode_text(content, first.encoding)
                name = _filename(first, "txt")
        if gz:
            data = gzip.compress(data, compresslevel=6, mtime=0)
            name += ".gz"
        rel = f"{site['domain']}/{name}"
        (raw_dir / rel).write_bytes(data)
        hashes.append(("raw/" + rel, hashlib.sha256(data).digest()))
        for lineno, d in enumerate(group, 1):
            key = f"{rel}#{lineno}" if d.fmt == "jsonl" else rel
            row = _gold_row(d, key, gz)
            counts.add(row)
            gold.append(((rel, lineno), json.dumps(row, ensure_ascii=False) + "\n"))
            d.paras, d.boilerplate = [], []  # keep memory flat
    gold.sort(key=lambda item: item[0])
    gold_hash = hashlib.sha256()
    with open(out_dir / "gold.jsonl", "wb") as fh:
        for _, line in gold:
            data = line.encode("utf-8")
            fh.write(data)
            gold_hash.update(data)
    hashes.append(("gold.jsonl", gold_hash.digest()))

    summary = counts.summary(len(files), supply, sources)
    summary["digest"] = _digest(hashes)
    meta = {"n": n, "seed": seed, "profile": profile, "stories": stories, "source": str(source),
            "sites": [{"domain": s["domain"], "name": s["name"]} for s in SITES],
            "summary": summary}
    (out_dir / "corpus.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    if not quiet:
        print_summary(meta, out_dir, time.perf_counter() - t0)
    return out_dir


# =============================================================================================
# Summary and CLI
# =============================================================================================


class Counts:
    """Tallies of the gold rows for the summary."""

    def __init__(self):
        self.c: dict[str, Counter] = defaultdict(Counter)
        self.stories: Counter = Counter()
        self.gz_files: set[str] = set()
        self.jsonl_files: set[str] = set()

    def add(self, r: dict) -> None:
        path = r["raw"].split("#")[0]
        self.stories[r["story"]] += 1
        self.c["format"][r["format"]] += 1
        self.c["variant"][r["variant"]] += 1
        self.c["site"][r["site"]] += 1
        if r["format"] in ("txt", "html"):
            declared = f" (declared {r['declared'] or 'none'})" if r["format"] == "html" else ""
            self.c["encoding"][f"{r['format']}:{r['encoding']}{declared}"] += 1
        if r["gz"]:
            self.gz_files.add(path)
        if r["format"] == "jsonl":
            self.jsonl_files.add(path)

    def summary(self, n_files: int, supply: StorySupply, sources: list[Story]) -> dict:
        return {
            "documents": sum(self.stories.values()), "files": n_files,
            "gz_files": len(self.gz_files), "jsonl_files": len(self.jsonl_files),
            "by_format": dict(sorted(self.c["format"].items())),
            "by_encoding": dict(sorted(self.c["encoding"].items())),
            "by_variant": dict(self.c["variant"].most_common()),
            "by_site": dict(sorted(self.c["site"].items())),
            "stories": len(self.stories),
            "clusters_by_size": {str(k): v for k, v
                                 in sorted(Counter(self.stories.values()).items())},
            "source_articles": len(sources),
            "source_stories": len({s.id for s in sources}),
            "recombined_stories": supply.recombined,
        }


def print_summary(meta: dict, out_dir: Path, seconds: float) -> None:
    s = meta["summary"]
    print(f"{s['documents']} documents in {s['files']} files -> {out_dir / 'raw'} "
          f"(profile {meta['profile']}, seed {meta['seed']}) in {seconds:.1f}s")
    print(f"source: {meta['source']}: {s['source_articles']} articles, {s['source_stories']} "
          f"distinct stories; recombined stories made: {s['recombined_stories']}")
    print(f"shapes: {', '.join(f'{k} {v}' for k, v in s['by_format'].items())} "
          f"(jsonl records in {s['jsonl_files']} files); gzipped files: {s['gz_files']}")
    print("encodings: " + ", ".join(f"{k} {v}" for k, v in s["by_encoding"].items()))
    print("variants: " + ", ".join(f"{k} {v}" for k, v in s["by_variant"].items()))
    print("sites: " + ", ".join(f"{k} {v}" for k, v in s["by_site"].items()))
    print(f"stories: {s['stories']}; clusters by size: "
          + ", ".join(f"{k}: {v}" for k, v in s["clusters_by_size"].items()))
    print(f"gold: {out_dir / 'gold.jsonl'}  digest: {s['digest'][:16]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus",
                                 description="Generate a synthetic raw news corpus with gold.")
    ap.add_argument("out_dir", type=Path, help="output folder (raw/, gold.jsonl, corpus.json)")
    ap.add_argument("--n", type=int, default=2000, help="number of documents (default 2000)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--source", type=Path, default=None,
                    help=f"folder of .txt articles (default {DEFAULT_SOURCE})")
    ap.add_argument("--profile", choices=PROFILES, default="mixed", help="default mixed")
    ap.add_argument("--force", action="store_true", help="replace an existing OUT_DIR/raw")
    ap.add_argument("--stories", choices=STORY_KINDS, default="recombined",
                    help="stories beyond the sources: recombined (default) or fresh (for scaling runs)")
    args = ap.parse_args(argv)
    try:
        generate(args.out_dir, args.n, args.seed, args.source, args.profile, force=args.force,
                 quiet=False, stories=args.stories)
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
