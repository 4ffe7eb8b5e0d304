"""Authors: a person's name out of whatever a page or a scraper calls its author.

* :data:`BYLINES` — the byline openings of the covered languages, one row each with examples;
* :func:`parse_byline` — a byline line to its names and the text after them (a date, a role);
* :func:`clean_authors` — an author value (trafilatura's ``a; b``, a record's field, a byline
  element's text) to a list of names: prefixes ("By", "Von", "View all posts by"), roles
  ("Staff Writer"), separators (``Name ·``), addresses, handles, dates and "Email the author" out,
  credit sentences ("From Harbour Wire, with local reporting by Emma Strand") to the names;
* :func:`join_authors` — the list as the joined ``author`` string (``"; "``, trafilatura's separator).

Patterns are data; every one was set by hand from common news bylines (no site's wording).
Imports nothing of ``cleaners``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# A word of a name: a capital letter (any script) then letters, apostrophes, dots, hyphens
# ("O'Neil", "Jr.", "Ferreira-Hunt", "Иван"); particles of names stay lower-case.
_NAME_WORD = r"(?:[^\W\d_][\w'’.-]*)"
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "bin",
              "al", "el", "ten", "ter", "zu", "y", "e"}
#: Separators between a byline's names and what follows them (a date, a role, a link).
_AFTER_NAMES = re.compile(r"\s+[·•|–—/]\s*|\s+-\s+|\s*,\s+(?=(?:\d|[^\W\d_]+\s+\d|[a-z]|(?i:(?:\w+\s+){0,2}"
                          r"(?:writer|editor|reporter|correspondent|columnist))))|\s+\(|\s*\|")
#: Words between several names (the covered languages' "and", plus commas).
_NAME_JOIN = re.compile(r"\s*(?:,|;|&|\+)\s*|\s+(?:and|und|et|y|e|en|i|ve|и|oraz|ja|og|och|és)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Byline:
    """One row of the byline table: its language, the opening pattern, and lines it must read."""

    language: str
    opening: str  # a regex matched at the start of the line, case-insensitively
    examples: tuple[tuple[str, tuple[str, ...]], ...]  # (line, names it gives)


#: Byline openings, one row per language the rule table covers.  A line opening this way, then
#: one to four name-like words, is a byline; its names are the author.
BYLINES: tuple[Byline, ...] = (
    Byline("en", r"(?:written\s+by|words\s+by|story\s+by|reporting\s+by|posted\s+by|by)\b\s*:?",
           (("By Ann Lee · February 6, 2026", ("Ann Lee",)), ("By Ann Lee | Staff Writer", ("Ann Lee",)),
            ("By Ann Lee and Tom Hale, Political Correspondents", ("Ann Lee", "Tom Hale")))),
    Byline("de", r"(?:von|autor(?:in)?\s*:|text\s*:)",
           (("Von Max Weber, 03.05.2026", ("Max Weber",)), ("Autorin: Anna Schmidt", ("Anna Schmidt",)),
            ("Von Lena Roth und Jan Berg", ("Lena Roth", "Jan Berg")))),
    Byline("fr", r"(?:par|auteur\s*:|propos\s+recueillis\s+par)",
           (("Par Aurélie Vasseur – publié le 14 mars 2025 à 18h05", ("Aurélie Vasseur",)),
            ("Par Jean Dupont et Marie Curie", ("Jean Dupont", "Marie Curie")))),
    Byline("es", r"(?:por|autor(?:a)?\s*:|redacción\s*:)",
           (("Por María García | 3 de mayo de 2026", ("María García",)),)),
    Byline("it", r"(?:di|autore\s*:|a\s+cura\s+di)",
           (("di Marco Rossi – 3 maggio 2026", ("Marco Rossi",)),)),
    Byline("pt", r"(?:por|autor(?:a)?\s*:)",
           (("Por João Silva, 03/05/2026", ("João Silva",)),)),
    Byline("nl", r"(?:door|auteur\s*:)",
           (("Door Pieter de Vries · 3 mei 2026", ("Pieter de Vries",)),)),
    Byline("pl", r"(?:autor(?:ka)?\s*:|tekst\s*:)",
           (("Autor: Jan Kowalski", ("Jan Kowalski",)),)),
    Byline("tr", r"(?:muhabir\s*:|yazar\s*:|haber\s*:)",
           (("Muhabir: Ayşe Yılmaz", ("Ayşe Yılmaz",)), ("Yazar: Mehmet Demir | 3 Mayıs 2026", ("Mehmet Demir",)))),
    Byline("ru", r"(?:автор\s*:|текст\s*:)",
           (("Автор: Иван Петров", ("Иван Петров",)),)),
)
_OPENING = re.compile("^(?:" + "|".join(row.opening for row in BYLINES) + r")\s+", re.IGNORECASE)

# Junk found in author fields (newspaper#158, #526 and the like): a whole part that is one of
# these is dropped.  Contact links, "no author", generic accounts and UI words.
_JUNK_PART = re.compile(
    r"^(?:e-?mail(?:\s+the)?\s+(?:author|reporter|writer|me)|contact(?:\s+the)?\s+(?:author|reporter)|follow\b.*"
    r"|(?:no|unknown|anonymous)\s+author|admin(?:istrator)?|wordpressadmin|author|autor|auteur|name|guest|user"
    r"|human|ph\.?\s?d\.?|m\.?d\.?|dr\.?|prof\.?)$"
    # a host as a scraper spells it ("Facebook Com", "Example De"): a site, never a person
    r"|^[^\W\d_][\w-]{2,}\s(?-i:Com|Net|Org|Info|De|At|Ch|It|Fr|Es|Nl|Pl|Eu|Io|Ru|Se|Be|Cz|Uk)$", re.IGNORECASE)
# Prefixes of author values that are not part of the name.
_PREFIX = re.compile(r"^(?:(?:(?:view|see|read|more)\s+(?:all\s+)?(?:posts|articles|stories)\s+(?:by|from)|posted\s+by"
                     r"|published\s+by|written\s+by|authored\s+by|an?\s+article\s+by|(?:zeige\s+)?alle\s+beiträge\s+von"
                     r"|zum\s+profil\s+von|(?:ein\s+)?(?:artikel|beitrag|beiträge)\s+von|geschrieben\s+von|verfasst\s+von"
                     r"|publié\s+par|écrit\s+par|escrito\s+por|publicado\s+por|scritto\s+da|geplaatst\s+door"
                     r"|vom|von|by|par|por|di|door)\s+|(?:autor(?:in|ka|a)?|auteur|autore|yazar|muhabir|автор|责任编辑|作者|编辑)"
                     r"\s*[:：]\s*"
                     # a label word without its colon ("Interview Julia Lauter", "Auteur Anna Kubišta")
                     r"|(?:interview|author|autor(?:in)?|auteur|autore|text|texto)\s+(?=[^\W\d_]+\s+[^\W\d_]))",
                     re.IGNORECASE)
# Roles after a name ("Ann Lee, Staff Writer"), and verbs comment widgets add ("Ann says").
_ROLE = re.compile(r"(?:\s*,\s*(?:\w+\s+){0,2}|\s+(?:\w+\s+)?)(?:(?:writer|editor|reporter|correspondent|columnist|contributor"
                   r"|redakteur(?:in)?|journalist(?:in|e)?|rédacteur|rédactrice|staff))\s*$"
                   # the first word of a date label cut off behind a name ("Stand: 3.5.", "vor 3 Tagen")
                   r"|\s+(?:stand|vor|am|updated|aktualisiert|veröffentlicht|publié|publicado)$", re.IGNORECASE)
_SAYS = re.compile(r"\s+(?:says|said|sagt|schreibt|wrote)\s*:?\s*$", re.IGNORECASE)
# Credit sentences: names after "reporting by", "with ... by"; an agency after "from".
_CREDIT = re.compile(r"\b(?:(?:additional|local|with)\s+)*(?:reporting|writing|editing|research|text)\s+by\s+",
                     re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?:^|\s)@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_DIGITS = re.compile(r"\d")
# The last word of a name that is an initial or a suffix written with a dot ("C.", "Jr.", "Sr.").
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[^\W\d_]|Jr|Sr|Jun|Sen)$")


# Contact lines beside a byline (cases of newspaper#158): "Email the author", a bare address or handle.
CONTACT_LINE = re.compile(r"^(?:e-?mail\s+(?:the\s+)?(?:author|reporter|writer)|contact\s+the\s+(?:author|reporter)"
                          r"|follow\s+@?\w+(?:\s+on\s+\w+)?|@\w{2,30}|[\w.+-]+@[\w-]+\.[\w.-]+)$", re.IGNORECASE)


def is_contact_line(line: str) -> bool:
    """A line that only says how to reach the author (:data:`CONTACT_LINE`).

    >>> is_contact_line("Email the author"), is_contact_line("t.reyes@courier.example"), is_contact_line("Cycle lane approved")
    (True, True, False)
    """
    return CONTACT_LINE.match(line.strip()) is not None


def _is_name(part: str) -> bool:
    """Whether a text is shaped like a person's (or a desk's) name: 1-5 words, no digits, starting
    with a capital or a letter of a caseless script; lower-case words only as particles."""
    words = part.split()
    if not 1 <= len(words) <= 5 or _DIGITS.search(part) or not re.fullmatch(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*", part):
        return False
    first = words[0][0]
    if first.islower():
        return False
    return len(words) <= 3 or all(w[0].isupper() or not w[0].islower() or w.lower() in _PARTICLES for w in words)


def _names_in(text: str) -> list[str]:
    """The names a short run of text holds, split on "and", commas and the like; the dot of a final
    initial or abbreviation stays ("Perry Bacon Jr.", "Nicolas Gutierrez C.").

    >>> _names_in("Perry Bacon Jr. and Leah C. Stokes."), _names_in("Ann Lee.")
    (['Perry Bacon Jr.', 'Leah C. Stokes'], ['Ann Lee'])
    """
    names = []
    for raw in _NAME_JOIN.split(text):
        name = raw.strip(" .,:;·•|–—-")
        if name and raw.rstrip(" ,:;·•|–—-").endswith(name + ".") and _ABBREVIATION.search(name):
            name += "."
        if name and _is_name(name):
            names.append(name)
    return names


def parse_byline(line: str) -> tuple[list[str], str] | None:
    """A byline line (an opening of :data:`BYLINES`, then names) to ``(names, rest)``; None if it is not one.

    ``rest`` is what follows the names (a date, a role), for :func:`~cleaners.metadata.dates.date_in_text`.

    >>> parse_byline("By Lucas Ferreira-Hunt · 14 May 2026")
    (['Lucas Ferreira-Hunt'], '14 May 2026')
    >>> parse_byline("Par Aurélie Vasseur – publié le 14 mars 2025 à 18h05")
    (['Aurélie Vasseur'], 'publié le 14 mars 2025 à 18h05')
    >>> parse_byline("By Tuesday the river had burst its banks in three places.") is None
    True
    """
    line = " ".join(line.split())
    m = _OPENING.match(line)
    if not m or len(line.split()) > 25:
        return None
    body = line[m.end():]
    split = _AFTER_NAMES.search(body)
    head, rest = (body[:split.start()], body[split.end():]) if split else (body, "")
    bare = _ROLE.sub("", head)
    names = _names_in(bare if len(bare.split()) >= 2 else head)  # "By Staff Writer": the role is all there is
    if not names or len(" ".join(names).split()) > 4 * len(names):
        return None
    # "By Tuesday the river…": the "names" must be the whole head, not the start of a sentence
    if len(head.split()) > sum(len(n.split()) for n in names) + 2 * (len(names) - 1) + 1:
        return None
    return names, rest.strip(" ,·|–—-")


def clean_authors(value: str | None) -> list[str]:
    """An author value to the names it holds, in order, without junk; [] when none is left.

    >>> clean_authors("Lucas Ferreira-Hunt ·"), clean_authors("Harbour Wire; With Local Reporting By Emma Strand")
    (['Lucas Ferreira-Hunt'], ['Emma Strand'])
    >>> clean_authors("Marisol Okafor; Email The Author; mokafor@tidewater-times.example")
    ['Marisol Okafor']
    >>> clean_authors("View all posts by Ann Lee"), clean_authors("By Ann Lee | Staff Writer")
    (['Ann Lee'], ['Ann Lee'])
    >>> clean_authors("Von Lena Roth und Jan Berg"), clean_authors("Ann Lee, Family Editor")
    (['Lena Roth', 'Jan Berg'], ['Ann Lee'])
    >>> clean_authors(" ; "), clean_authors("2 hours ago · by Jon Ferraby")
    ([], ['Jon Ferraby'])
    >>> clean_authors("Facebook Com; Ann Lee; PhD"), clean_authors("Interview Ann Lee"), clean_authors("Redacci&oacute;n Sur")
    (['Ann Lee'], ['Ann Lee'], ['Redacción Sur'])
    >>> clean_authors("'Ann Lee; Tom Hale'"), clean_authors("Ann Lee Stand"), clean_authors("Ann Lee Gazette Staff")
    (['Ann Lee', 'Tom Hale'], ['Ann Lee'], ['Ann Lee'])
    """
    if not value:
        return []
    names: list[str] = []
    text = _URL.sub(" ", _EMAIL.sub(" ", html.unescape(value)))
    credit = _CREDIT.search(text)
    if credit:  # "From Harbour Wire, with local reporting by Emma Strand": the reporters are the authors
        text = text[credit.end():]
    for part in re.split(r"\s*;\s*|\n", text):
        part = " ".join(_HANDLE.sub(" ", part).split()).strip(" ,·•|–—-:'\"‘’“”«»")
        inner = re.search(r"(?:^|\s[·•|–—]\s*)(?:by|von|par|por|door)\s+(.+)$", part, re.IGNORECASE)
        if inner and _DIGITS.search(part[:inner.start()] or "x"):  # "2 hours ago · by Jon Ferraby"
            part = inner.group(1)
        for _ in range(2):
            part = _PREFIX.sub("", part)
        parsed = parse_byline("By " + part)
        bare = _ROLE.sub("", part)
        if len(bare.split()) < 2 or _JUNK_PART.match(bare):  # the whole part is a role: "Staff Writer"
            bare = part
        candidates = parsed[0] if parsed else _names_in(_SAYS.sub("", bare))
        for name in candidates:
            name = _SAYS.sub("", name).strip()
            if name and not _JUNK_PART.match(name) and name not in names:
                names.append(name)
    return names


def name_form(name: str) -> str:
    """A name reduced for comparing spellings: letters only, case-folded (scrapers drop the dots,
    underscores and digits of names and handles: "Leah C Stokes", "Herr Rein", "Happyface").

    >>> name_form("Leah C. Stokes") == name_form("Leah C Stokes"), name_form("happyface313") == name_form("Happyface")
    (True, True)
    >>> name_form("Ann Lee") == name_form("Ann Leet")
    False
    """
    return "".join(ch for ch in name.casefold() if ch.isalpha())


_HANDLE_TEXT = re.compile(r"[^\W_][\w.-]{2,29}")


def is_handle(text: str) -> bool:
    """A user handle standing for an author ("marc", "freeman1984", "Herr_Rein"): one token of 3-30
    letters, digits, ``_``, ``.``, ``-``, starting with a letter or digit, with a letter, not junk
    ("admin", "author").  Taken only from an element marked as the author's (see ``page.py``).

    >>> is_handle("freeman1984"), is_handle("marc"), is_handle("admin"), is_handle("12345"), is_handle("Ann Lee")
    (True, True, False, False, False)
    """
    return bool(_HANDLE_TEXT.fullmatch(text) and re.search(r"[^\W\d_]", text) and not _JUNK_PART.match(text))


def join_authors(names: list[str]) -> str | None:
    """Names as the joined ``author`` string ("; " between them, as trafilatura joins them); None for none.

    >>> join_authors(["Ann Lee", "Tom Hale"]), join_authors([])
    ('Ann Lee; Tom Hale', None)
    """
    return "; ".join(names) or None
