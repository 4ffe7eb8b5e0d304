"""Boilerplate stripping: the rule table (:mod:`.rules`) and the engine that applies it."""

from cleaners.boilerplate.engine import Stripped, is_body_line, matching_rule, normalise_line, strip_boilerplate
from cleaners.boilerplate.rules import RULES, Rule

__all__ = ["RULES", "Rule", "Stripped", "is_body_line", "matching_rule", "normalise_line", "strip_boilerplate"]
