"""Published dates: reading one date in any common shape, finding one in a byline, and choosing among candidates.

* :func:`normalise_date` — a date value to ISO 8601: a date-only value stays a date
  (``2026-03-04``), a timestamp keeps its time and timezone; fast paths (ISO 8601, RFC 2822, a
  few ``strptime`` shapes) first, then dateparser for the languages of :data:`LANGUAGES`
  (imported on first use: it costs ~0.4 s to import and ~0.1 s per call);
* :func:`date_in_text` — the date inside a byline or dateline line ("publié le 14 mars 2025 à 18h05");
* :func:`choose_published` — the published date from weighed candidates (:data:`WEIGHTS`);
* :func:`local_day` — the publisher's own day of a UTC timestamp, when the page shows it;
* :func:`as_date` — the calendar date of an ISO value, for comparing a date with a timestamp.

Imports nothing of ``cleaners``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

#: The languages bylines are read in (ISO 639-1), the ones the byline table covers
#: (:data:`cleaners.metadata.author.BYLINES`).
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ru")

#: Where a published date may come from, strongest first: a scraper record's own field; the date
#: the page prints under its headline (``shown``, :func:`cleaners.metadata.page.shown_date`: the
#: date readers see, which the page's metadata often gives as another day — an update, or a UTC
#: day); the page's article metadata (``article:published_time``, JSON-LD ``datePublished``, ``itemprop``);
#: the byline or dateline the rule engine removed ("published 14 March 2025"); the date in the
#: URL's path; trafilatura's date (htmldate, which also searches the page's text and so may find a
#: reader comment's date: weakest).  Two more page sources: ``labelled`` — a date the page's text
#: labels as the publication's anywhere in the body ("Erschienen am 01.11.2023",
#: :func:`cleaners.metadata.page.labelled_date`), between ``shown`` and ``page``; ``above`` — a date
#: printed just above the headline (:func:`cleaners.metadata.page.above_date`), often the site's
#: "today" or a teaser's, so only above the extractor.  Set by hand from the kinds of error each
#: source makes, on trafilatura's 728 dated eval pages: ``shown`` above ``page`` won 34 and lost 5;
#: ``labelled`` at 42 won 3, lost 0 (at 15–35: won 2; at 47, above ``shown``: won 3, lost 1);
#: ``above`` at 15 won 3, lost 0 (at 44, above ``page``: lost 1 more).
WEIGHTS: dict[str, int] = {"record": 50, "shown": 45, "labelled": 42, "page": 40, "byline": 30, "url": 20,
                           "above": 15, "extractor": 10}

#: Words that label a date as the publication's, one row per covered language with an example
#: each (set by hand from common CMS templates: "Published on", "Erschienen am", "Publié le"); a
#: label may be followed by a preposition and a colon, and the date may be in the next text node.
PUBLISHED_LABELS: tuple[tuple[str, str, str], ...] = (
    ("en", r"(?:first\s+)?published(?:\s+on)?|publication\s+date|date\s+published", "Published on: 7 April 2025"),
    ("de", r"(?:veröffentlicht|erschienen|publiziert)(?:\s+am)?|erscheinungsdatum|veröffentlichungsdatum",
     "Erschienen am: 07.04.2025"),
    ("fr", r"publié(?:\s+le)?|date\s+de\s+publication|paru(?:\s+le)?", "Publié le 7 avril 2025"),
    ("es", r"publicado(?:\s+el)?|fecha\s+de\s+publicación", "Publicado el 7 de abril de 2025"),
    ("it", r"pubblicato(?:\s+il)?|data\s+di\s+pubblicazione", "Pubblicato il 7 aprile 2025"),
    ("pt", r"publicad[oa](?:\s+em)?|data\s+de\s+publicação", "Publicado em 07/04/2025"),
    ("nl", r"gepubliceerd(?:\s+op)?|verschenen(?:\s+op)?", "Gepubliceerd op 7 april 2025"),
    ("pl", r"opublikowano(?:\s+dnia)?|data\s+publikacji", "Opublikowano: 07.04.2025"),
    ("tr", r"yayın(?:lanma)?\s+tarihi|yayınlanma", "Yayınlanma: 07.04.2025"),
    ("ru", r"опубликовано|дата\s+публикации", "Опубликовано: 07.04.2025"),
)
#: A text that opens with a :data:`PUBLISHED_LABELS` label (then a colon or not, and perhaps the date).
PUBLISHED_LABEL = re.compile(r"^\W*(?:" + "|".join(row[1] for row in PUBLISHED_LABELS) + r")\b\s*:?", re.IGNORECASE)

_FORMATS = ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%b. %d, %Y", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y",
            "%d. %B %Y", "%A, %B %d, %Y", "%A %d %B %Y")
#: A date inside a line: numeric (2025-03-14, 14.03.2025, 14/03/2025) or a day, a month word and a
# year in either order (14 March 2025, March 14, 2025, 14 de marzo de 2025, 14. März 2025,
# 14 марта 2025).  The month word is any run of letters: dateparser decides whether it is one.
DATE_TEXT = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"|\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d"
    r"|\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+)?(?:19|20)\d\d"
    r"|[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)(?!\d)")


def normalise_date(value: str | None, languages: Iterable[str] | None = None) -> str | None:
    """A date in any common format to ISO 8601 (a date, or a date and time); None if unreadable.

    ``languages`` (ISO 639-1) lets dateparser read month names beyond English; without it the
    covered :data:`LANGUAGES` are tried.  A timestamp keeps its timezone (RFC 2822 ones are
    given in UTC, as before); a date-only value stays a date.

    >>> normalise_date("2026-03-04T10:15:00Z"), normalise_date("2026-03-04T10:15:00+01:00")
    ('2026-03-04T10:15:00+00:00', '2026-03-04T10:15:00+01:00')
    >>> normalise_date("Wed, 04 Mar 2026 10:15:00 GMT")
    '2026-03-04T10:15:00+00:00'
    >>> normalise_date("March 4, 2026"), normalise_date("4 March 2026"), normalise_date("soon")
    ('2026-03-04', '2026-03-04', None)
    >>> normalise_date("14 mars 2025", ["fr"]), normalise_date("4. März 2026"), normalise_date("14 de marzo de 2025")
    ('2025-03-14', '2026-03-04', '2025-03-14')
    >>> normalise_date("July 9"), normalise_date("Oct. 19th"), normalise_date("14.03.25")
    (None, None, '2025-03-14')
    """
    if not value or not value.strip():
        return None
    value = " ".join(value.split())
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.isoformat() if ("T" in value or " " in value) else parsed.date().isoformat()
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(value)
        return parsed.astimezone(timezone.utc).isoformat() if parsed.tzinfo else parsed.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    if not re.search(r"\d", value) or len(value) > 60 or _NO_YEAR.match(value):
        return None
    return _dateparser(value, tuple(languages or LANGUAGES))


#: An English month name or its abbreviation and a day number, nothing else ("July 9", "Oct. 19th"):
#: no year, so dateparser, which :func:`_dateparser` asks for day, month and year (``REQUIRE_PARTS``),
#: reads nothing in it; not asked (2-3 ms a call, and its language data loaded on a worker's first
#: call: ~0.25 s).  Month names only: dateparser reads "today 5" or "gestern 10" as relative dates.
_NO_YEAR = re.compile(r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                      r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\Z",
                      re.IGNORECASE)


@lru_cache(maxsize=2048)
def _dateparser(value: str, languages: tuple[str, ...]) -> str | None:
    """dateparser's reading of a short date text (day, month and year all required), as an ISO date."""
    import dateparser  # imported late: ~0.4 s, only for dates the fast paths cannot read

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False, "DATE_ORDER": "DMY"}
    try:
        parsed = dateparser.parse(value, languages=list(languages), settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed.date().isoformat() if parsed else None


def date_in_text(text: str | None, languages: Iterable[str] | None = None) -> str | None:
    """The first readable date inside a line of text (a byline or dateline), as an ISO date; else None.

    >>> date_in_text("Par Aurélie Vasseur – publié le 14 mars 2025 à 18h05", ["fr"])
    '2025-03-14'
    >>> date_in_text("By Ann Lee – published 14 March 2025, 6.05pm"), date_in_text("Von Max Weber, 03.05.2026")
    ('2025-03-14', '2026-05-03')
    >>> date_in_text("By Ann Lee · February 6, 2026"), date_in_text("By Ann Lee | Staff Writer")
    ('2026-02-06', None)
    """
    if not text:
        return None
    for m in DATE_TEXT.finditer(text):
        found = normalise_date(m.group(0).rstrip(",. "), languages)
        if found:
            return found[:10] if "T" not in m.group(0) else found
    return None


def as_timestamp(value: str | None) -> datetime | None:
    """A date-time with a timezone, in ISO 8601 or RFC 2822 form, as an aware datetime; else None.

    >>> as_timestamp("Sat, 19 Oct 2019 00:04:00 +0200").isoformat(), as_timestamp("2019-10-19"), as_timestamp("x")
    ('2019-10-19T00:04:00+02:00', None, None)
    """
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo is not None else None


def as_date(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 date or timestamp (its local date), or None.

    >>> as_date("2026-03-04T23:30:00-05:00"), as_date("2026-03-04"), as_date("x")
    (datetime.date(2026, 3, 4), datetime.date(2026, 3, 4), None)
    """
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def choose_published(candidates: Iterable[tuple[str, str | None]], *, today: date | None = None) -> str | None:
    """The published date among ``(source, ISO value)`` candidates: the strongest source's (:data:`WEIGHTS`).

    A date more than a day after ``today`` (default: the current UTC date) is never chosen
    (an expiry or offer date in a script).  A URL's date more than a day earlier than the page
    metadata's or the extractor's choice wins over it (a URL is fixed at first publication).  A UTC
    timestamp gives way to the publisher's local day (:func:`local_day`).  When two sources give the
    same calendar date, the more precise value (a timestamp) is kept.

    >>> choose_published([("extractor", "2025-09-02"), ("byline", "2025-03-14")])
    '2025-03-14'
    >>> choose_published([("page", "2027-01-31"), ("url", "2025-03-14")], today=date(2026, 1, 1))
    '2025-03-14'
    >>> choose_published([("byline", "2025-03-14"), ("extractor", "2025-03-14T18:05:00+01:00")])
    '2025-03-14T18:05:00+01:00'
    >>> choose_published([("page", "2019-06-17T18:28:00+02:00"), ("url", "2017-07-12")])
    '2017-07-12'
    >>> choose_published([]) is None
    True
    """
    limit = (today or datetime.now(timezone.utc).date()) + timedelta(days=1)
    usable = [(WEIGHTS.get(source, 0), value) for source, value in candidates
              if value and (d := as_date(value)) is not None and d <= limit]
    if not usable:
        return None
    usable.sort(key=lambda item: -item[0])
    best = usable[0][1]
    # A URL's date is fixed when the page is first published: a later date of the page's metadata or
    # of the extractor is an update (or a re-publication), so the URL's earlier date wins over them.
    url_dates = [value for source, value in candidates if source == "url" and value and as_date(value)]
    best_source = next(source for source, value in candidates if value == best)
    if best_source in ("page", "extractor") and url_dates and \
            (as_date(best) - min(as_date(u) for u in url_dates)).days > 1:
        best = min(url_dates)
    local = local_day(best, [value for source, value in candidates if source in ("byline", "url") and value])
    if local:
        return local
    same_day = [value for _, value in usable if as_date(value) == as_date(best) and "T" in value]
    return same_day[0] if "T" not in best and same_day else best


def local_day(value: str, others: Iterable[str]) -> str | None:
    """The page's own calendar date when ``value`` is a UTC timestamp whose UTC day is not it; else None.

    A timestamp given in UTC (``Z``, ``+00:00``) falls on the day before or after the publisher's
    local day for much of the day outside Europe's west.  Two signs of that, set by hand:

    * another source (a byline, the URL, htmldate's reading of the page) gives a date-only value
      one day off in the direction a timezone can shift it (the next day for a UTC time from
      noon on, the day before for a time before noon): that date is the local day;
    * the time is exactly 20:00, 21:00, 22:00 or 23:00:00 UTC: a date-only value stored as local
      midnight in a timezone east of Greenwich (UTC+1 to +4), so the local day is the next one.

    >>> local_day("2021-11-04T23:00:00+00:00", []), local_day("2020-02-25T02:25:54+00:00", ["2020-02-24"])
    ('2021-11-05', '2020-02-24')
    >>> local_day("2020-02-25T02:25:54+01:00", ["2020-02-24"]), local_day("2020-02-25T14:25:54Z", ["2020-02-24"])
    (None, None)
    >>> local_day("0001-01-01T00:00:00Z", ["2020-02-24"]) is None
    True
    """
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if "T" not in value or stamp.utcoffset() != timedelta(0):
        return None
    day = stamp.date()
    if day in (date.min, date.max):  # a placeholder such as 0001-01-01T00:00:00Z: no day beside it
        return None
    step = timedelta(days=1 if stamp.hour >= 12 else -1)
    if any("T" not in other and as_date(other) == day + step for other in others):
        return (day + step).isoformat()
    if stamp.hour >= 20 and (stamp.minute, stamp.second, stamp.microsecond) == (0, 0, 0):
        return (day + timedelta(days=1)).isoformat()
    return None
