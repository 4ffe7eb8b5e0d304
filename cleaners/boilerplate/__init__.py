"""Step 3 — boilerplate: what scrapers leave around a news story, and taking it out.

* :mod:`.rules` — the rule table (data: patterns, zones, examples) and its constants;
  :func:`rules_for` — the table for an article's language;
* :mod:`.vocabulary` — each language's labels, as rows with examples;
* :mod:`.blocks` — block rules (promo lists, comments sections, fact boxes: runs of lines judged
  with their neighbours) and the page type (:func:`~.blocks.not_an_article`);
* :mod:`.engine` — applies both tables to one article's lines; the shared line predicates
  (:func:`normalise_line`, :func:`is_body_line`, :func:`is_headline`);
* :mod:`.templates` — site templates: lines a site repeats across its own articles.

Owns boilerplate only.  Imports nothing of ``cleaners`` but :mod:`cleaners.article`; never
``cleaners.extract`` (which imports this package), ``cleaners.document``, ``cleaners.corpus``,
``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from cleaners.boilerplate.engine import (
    Stripped, is_body_line, is_headline, matching_rule, normalise_line, strip_boilerplate,
)
from cleaners.boilerplate.rules import HEADLINE_SEARCH_BLOCKS, RULES, Rule, rules_for

__all__ = ["HEADLINE_SEARCH_BLOCKS", "RULES", "Rule", "Stripped", "is_body_line", "is_headline", "matching_rule",
           "normalise_line", "rules_for", "strip_boilerplate"]
