"""Boilerplate stripping: the rule table (:mod:`.rules`) and the engine that applies it."""

from .engine import Stripped, is_body_line, matching_rule, normalise_line, strip_boilerplate
from .rules import RULES, Rule

__all__ = ["RULES", "Rule", "Stripped", "is_body_line", "matching_rule", "normalise_line", "strip_boilerplate"]
