"""Dates and times as news pages print them, as regular-expression sources: for recognising a line
as a date, a time or a stamp (the rules of :mod:`.rules` and :mod:`.blocks`); parsing a date is the
metadata step's work.  Month and weekday names are those of the major news languages.  Sources are
written for ``re.VERBOSE | re.IGNORECASE`` (a space is ``[ ]``).  Imports nothing of ``cleaners`` but
:mod:`cleaners.patterns` (:data:`BARE_DATE` is compiled on first use).

>>> import re
>>> bool(BARE_DATE.match("Dienstag, 3. Mai 2026, 14:05 Uhr")), bool(re.search(CLOCK_RE, "at 8:22AM EST", re.I | re.X))
(True, True)
>>> bool(re.search(CLOCK_RE, "Opening Bell 11.18.19", re.I | re.X))
False
"""

from __future__ import annotations

import re

from cleaners.patterns import lazy

MONTHS_RE = r"""jan(?:uary|vier|uar|eiro)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|fevereiro|m[aä]r(?:ch|z|s|zo|ço)?|apr(?:il)?
    |avr(?:il)?|abr(?:il)?|may|mai|mayo|maggio|maio|mei|jun(?:e|i|io|ho)?|juin|giugno|jul(?:y|i|io|ho)?|juil(?:let)?
    |luglio|aug(?:ust)?|ao[uû]t|ago(?:sto)?|sep(?:t|tember|tembre|tiembre)?|set(?:tembre|embro)?|oct(?:ober|obre|ubre)?
    |okt(?:ober)?|ott(?:obre)?|out(?:ubro)?|nov(?:ember|embre|embro)?|dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember|embro)?
    |dic(?:iembre|embre)?|gen(?:naio)?|ene(?:ro)?|sty|lut|kwi|maj|cze|lip|sie|wrz|pa[zź]|lis|gru"""
WEEKDAY_RE = r"""(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)
    |(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"""
DATE_RE = rf"""(?:(?:{WEEKDAY_RE}),?[ ]+)?
    (?:\d{{1,2}}\.?(?:[ ]de)?[ ]+(?:{MONTHS_RE})\.?,?(?:[ ]de)?[ ]+\d{{4}}
      |(?:{MONTHS_RE})\.?[ ]+\d{{1,2}}(?:st|nd|rd|th)?,?[ ]+\d{{4}}
      |\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})|\d{{4}}[./-]\d{{1,2}}[./-]\d{{1,2}})"""
TIME_RE = r"""\d{1,2}[:.h]\d{2}(?::\d{2})?(?:[ ]?[ap]\.?m\.?)?(?:[ ]?(?:uhr|h))?(?:[ ]\(?[A-Z]{2,5}\)?)?"""
RELATIVE_RE = r"""(?:(?:\d+[ ]*|(?:an?|one)[ ]+)(?:sec(?:ond)?s?|min(?:ute)?s?|m|hours?|hrs?|h|days?|d|weeks?|months?|years?)[ ]+ago
    |(?:vor|il[ ]y[ ]a|hace|h[áa])[ ]+\d+[ ]+\w+|(?:just[ ]now|yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy)
      (?=\W*$|,?[ ]+\d)|\d+[ ]?(?:m|h|d|min|hrs?)\W*$)"""

#: A clock time ("14:05", "8:22AM", "6:18 p.m.", "14.05 Uhr"), not part of a date or a number.
CLOCK_RE = r"""(?<![\d.,:])(?:\d{1,2}:\d{2}(?::\d{2})?(?![\d])|\d{1,2}(?:[.:]\d{2})?[ ]?[ap]\.?m\b\.?|\d{1,2}[.h]\d{2}[ ]?(?:uhr|h)\b)"""

#: A line that is a date or a time and nothing else (the dateline under a byline; teaser dates).
BARE_DATE = lazy(rf"""^(?:{DATE_RE}(?:,?[ ]+(?:at[ ]+|um[ ]+|à[ ]+|[-–—|·][ ]+)?{TIME_RE})?|{TIME_RE},?[ ]+{DATE_RE})\W*$""",
                       re.IGNORECASE | re.VERBOSE)
