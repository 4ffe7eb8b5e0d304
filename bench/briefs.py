"""A generated corpus of short news briefs (20-60 words): corrected re-runs and distinct briefs of one template.

What near-duplicate search must do with short texts (issue 13, "Short texts"): find a corrected
re-run of a brief (one or two words fixed: a number, a name's spelling, a day) and keep apart
briefs that one template writes about different events (other names, places, numbers).  Each
brief is a text dump ``raw/<site>/<n>.txt`` (two briefs of one template differ in at least
:data:`MIN_SLOTS_APART` slots) (headline, blank line, body); ``gold.jsonl`` holds
``{raw, story, variant}``.  Used by ``python -m bench.dedup short``.  Seeded: the same seed gives
the same corpus.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# Templates of wire briefs (written for this benchmark): a headline and a body with slots.
TEMPLATES = [
    ("{name}, {age}, arrested after {place} break-in",
     "A {age}-year-old man was arrested on {day} after a break-in at a {shop} on {place}, police said. "
     "Officers found {item} taken from the shop in a nearby car. He is due to appear before magistrates in "
     "{town} next week."),
    ("{place} closed after lorry sheds load",
     "{place} was closed for {hours} hours on {day} after a lorry shed its load of {item} near the {shop}. "
     "No one was hurt, police said, and the road reopened in the evening."),
    ("{town} {team} beat {team2} {score}",
     "{team} beat {team2} {score} at home on {day}, with {name} scoring twice in the second half. "
     "The win lifts {team} to {rank} in the table, {points} points behind the leaders, before next week's "
     "trip to {town2}. The manager praised the young side's energy."),
    ("Flood warning for {river} in {town}",
     "The Environment Agency issued a flood warning for the {river} at {town} on {day} after {rain} mm of rain "
     "fell overnight. Residents near the {shop} were told to move valuables upstairs, and sandbags were handed "
     "out at the fire station until late in the evening."),
    ("{name} jailed for {years} years",
     "{name}, {age}, of {town}, was jailed for {years} years at the crown court on {day} for stealing "
     "{item} from his employer, a {shop}, over three years. The judge said he had abused the trust placed in him."),
    ("Fire at {town} {shop}",
     "Firefighters were called to a fire at a {shop} on {place}, {town}, at about {hour} on {day}. "
     "{crews} crews tackled the blaze, which started in a storeroom, and the building was evacuated. "
     "No injuries were reported and an investigation into the cause has begun."),
    ("{company} profit rises {pct}%",
     "{company} said on {day} that its profit rose {pct}% to {amount} million in the year to March, helped by "
     "strong sales of {item}. The firm, based in {town}, will pay a dividend of {pence}p a share and plans to "
     "hire {hires} staff next year, its chief executive said in a statement to the stock exchange."),
    ("{age}-year-old dies in {place} crash",
     "A {age}-year-old man died in a crash on {place} near {town} on {day}. Police have appealed for "
     "witnesses to come forward."),
    ("Council approves {place} plan",
     "{town} council voted {votes} to {against} on {day} to approve a plan for {hires} homes on {place}. "
     "Objectors had raised concerns about traffic near the {shop}."),
]
SLOTS = {
    "name": ["John Carter", "Ali Hassan", "Peter Novak", "Mark Ellis", "Sam Okafor", "Tom Reid", "Luke Grant",
             "Ian Moss", "Dan Price", "Ben Shaw", "Raj Patel", "Owen Hale"],
    "age": [str(n) for n in range(19, 71)],
    "place": ["High Street", "Mill Lane", "Station Road", "the A38", "Church Street", "Kings Road", "the B4063",
              "Queen Street", "Bridge Road", "the A614", "Park Lane", "Harbour Way"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "shop": ["jeweller's", "pharmacy", "garden centre", "petrol station", "bakery", "hardware shop", "garage",
             "primary school", "post office", "supermarket"],
    "item": ["cigarettes", "timber", "laptops", "copper cable", "tools", "gravel", "watches", "medicines",
             "bicycles", "phones"],
    "town": ["Ashford", "Barnsley", "Carlisle", "Dover", "Exeter", "Frome", "Grimsby", "Hexham", "Ipswich",
             "Kendal", "Ludlow", "Morpeth"],
    "town2": ["Notts", "Oxford", "Preston", "Rochdale", "Stockport", "Telford", "Walsall", "Yeovil"],
    "team": ["Rovers", "United", "Athletic", "Town", "City", "Albion", "Wanderers", "Rangers"],
    "team2": ["Harriers", "Villa", "Borough", "Dynamo", "Celtic", "Olympic", "Swifts", "Corinthians"],
    "score": ["2-1", "3-0", "1-0", "4-2", "2-0", "3-1", "5-1", "3-2"],
    "rank": ["third", "fourth", "fifth", "sixth", "seventh", "second"],
    "points": [str(n) for n in range(1, 15)],
    "river": ["Avon", "Severn", "Trent", "Ouse", "Wye", "Tamar", "Eden", "Tyne"],
    "rain": [str(n) for n in range(30, 90)],
    "years": [str(n) for n in range(2, 12)],
    "hour": ["2am", "3pm", "9pm", "11am", "6pm", "4am", "7pm", "1pm"],
    "crews": ["Four", "Six", "Three", "Five", "Eight", "Two"],
    "company": ["Brightwell", "Corran Foods", "Dunmore Tools", "Elmfield", "Fenwick Labs", "Garth Steel"],
    "pct": [str(n) for n in range(3, 40)],
    "amount": [f"£{n}" for n in range(12, 400)],
    "pence": [str(n) for n in range(2, 30)],
    "hires": [str(n) for n in range(40, 400, 10)],
    "votes": [str(n) for n in range(20, 40)],
    "against": [str(n) for n in range(2, 19)],
    "hours": [str(n) for n in range(2, 9)],
}


#: Two briefs of one template about different events differ in at least this many slots (another
#: person, place, day, number: drawn again until they do, else the farthest of 300 draws); a
#: corrected re-run fixes 1 or 2.  A correction that lands within 2 slots of another brief
#: cannot be told from a correction of it by any rule: such pairs stay in the gold as different.
MIN_SLOTS_APART = 4


def fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


def correct(body: str, values: dict[str, str], rng: random.Random, fixes: int) -> str:
    """A corrected re-run: ``fixes`` slot values replaced in the text (a number, a name, a day put right),
    and sometimes a trailing correction note."""
    text = body
    for slot in rng.sample([s for s in values if values[s] in text], k=min(fixes, len(values))):
        new = rng.choice([v for v in SLOTS[slot] if v != values[slot]])
        text = text.replace(values[slot], new, 1)
    if rng.random() < 0.3:
        text += " This story has been corrected."
    return text


def generate(out: Path, stories: int = 240, seed: int = 0) -> dict[str, int]:
    """Write ``stories`` briefs (each of a random template), a corrected re-run for about half of them
    (1 or 2 slots fixed) and an exact re-post for a tenth, under ``out/raw``; ``out/gold.jsonl``."""
    rng = random.Random(seed)
    raw = out / "raw"
    gold = []
    sites = ["wire-north", "wire-south", "county-news", "city-desk"]
    n_words = []
    drawn: dict[int, list[dict[str, str]]] = {}
    for s in range(stories):
        head, body = TEMPLATES[s % len(TEMPLATES)]
        used = [k for k in SLOTS if "{" + k + "}" in head + body]
        best, best_apart = None, -1
        for _ in range(300):  # another event: MIN_SLOTS_APART of its slots differ from every earlier one
            values = {k: rng.choice(v) for k, v in SLOTS.items()}
            apart = min((sum(values[k] != old[k] for k in used) for old in drawn.get(s % len(TEMPLATES), [])),
                        default=len(used))
            if apart > best_apart:
                best, best_apart = values, apart
            if apart >= min(MIN_SLOTS_APART, len(used)):
                break
        values = best  # the farthest draw when none is far enough (a template of few slots)
        drawn.setdefault(s % len(TEMPLATES), []).append(values)
        title, text = fill(head, values), fill(body, values)
        site = rng.choice(sites)
        versions = [("original", title, text, site)]
        if rng.random() < 0.5:
            fixes = rng.choice([1, 2])
            versions.append((f"corrected-{fixes}", title, correct(text, values, rng, fixes), rng.choice(sites)))
        if rng.random() < 0.1:
            versions.append(("repost", title, text, rng.choice(sites)))
        for v, (variant, t, body_text, where) in enumerate(versions):
            rel = f"{where}/{s:04d}-{v}.txt"
            (raw / rel).parent.mkdir(parents=True, exist_ok=True)
            (raw / rel).write_text(f"{t}\n\n{body_text}\n")
            gold.append({"raw": rel, "story": f"s{s}", "variant": f"{variant} (t{s % len(TEMPLATES)})"})
            n_words.append(len(body_text.split()))
    with (out / "gold.jsonl").open("w") as f:
        for row in gold:
            f.write(json.dumps(row) + "\n")
    return {"docs": len(gold), "min_words": min(n_words), "max_words": max(n_words)}
