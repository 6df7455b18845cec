"""Deterministic benchmark corpus: wire-style election stories mixed with ordinary news.

``python -m bench.generate --n 5000 --out bench/corpus/5000`` writes ``n`` text articles
(title, blank line, dateline, paragraphs) in folders of 500. About one in ten is an
election story built from template sentences written here in the wire style (preliminary
counts, exit polls, turnout, observers, final results, runoffs, registrations) with
invented names, invented numbers and dates; the rest are everyday news briefs (weather,
sport, transport, culture, science, business, courts, health, ...), some of them with
quotations, reported speech or percentages, most of them plain description.

Article ``i`` depends only on (seed, i): the first 5,000 articles of a 50,000 corpus are
the 5,000 corpus, so runs over both measure the same texts plus more. No network, no
gold text: every sentence below is original.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

ELECTION_EVERY = 10
FOLDER_SIZE = 500

# --------------------------------------------------------------------------- vocabulary

FIRST = (
    "Arman", "Daria", "Miguel", "Leila", "Tomas", "Nadia", "Kofi", "Amara", "Henrik", "Sofia", "Rustam",
    "Elena", "Joseph", "Aisha", "Pedro", "Ingrid", "Samir", "Lucia", "Dmitri", "Farida", "Jonas", "Marta",
    "Kwame", "Yelena", "Omar", "Petra", "Viktor", "Anika", "Rafael", "Zainab", "Bruno", "Irina", "Teodor",
    "Nilufar", "Emil", "Carmen", "Ruslan", "Greta", "Anton", "Salma", "Mateo", "Olga", "Baurzhan", "Ada",
)  # fmt: skip
SYLLABLES_A = ("Vel", "Kor", "Mar", "Tal", "Bren", "Sor", "Dun", "Kas", "Lom", "Rav", "Tem", "Gal", "Nor", "Zar", "Pel", "Hal", "Var", "Mir", "Ost", "Bel")  # fmt: skip
SYLLABLES_B = ("an", "ek", "ov", "ul", "ar", "in", "ez", "om", "is", "ad", "el", "un")
SYLLABLES_C = ("ov", "enko", "ski", "escu", "ani", "ides", "sson", "ovic", "yev", "ez", "ler", "berg", "dze", "ian", "ou", "ero")  # fmt: skip
COUNTRIES = (
    ("Moldova", "Chisinau"), ("Georgia", "Tbilisi"), ("Kenya", "Nairobi"), ("Peru", "Lima"), ("Ghana", "Accra"),
    ("Mongolia", "Ulaanbaatar"), ("Portugal", "Lisbon"), ("Bolivia", "La Paz"), ("Senegal", "Dakar"),
    ("Armenia", "Yerevan"), ("Zambia", "Lusaka"), ("Paraguay", "Asuncion"), ("Latvia", "Riga"),
    ("Malawi", "Lilongwe"), ("Ecuador", "Quito"), ("Kazakhstan", "Astana"), ("Bulgaria", "Sofia"),
    ("Tanzania", "Dodoma"), ("Honduras", "Tegucigalpa"), ("Slovakia", "Bratislava"), ("Benin", "Cotonou"),
    ("Uzbekistan", "Tashkent"), ("Croatia", "Zagreb"), ("Namibia", "Windhoek"), ("Guatemala", "Guatemala City"),
)  # fmt: skip
AGENCIES = ("Meridian News", "Capital Wire", "Northern Press", "Continental Newswire", "Horizon Agency", "Daily Dispatch Service")  # fmt: skip
COMMISSIONS = ("Central Election Commission", "National Electoral Commission", "Independent Election Commission", "Electoral Council", "Supreme Electoral Tribunal")  # fmt: skip
PARTY_ADJ = ("National", "Democratic", "Social", "Popular", "Civic", "United", "Green", "Republican", "Labour", "Liberal")
PARTY_NOUN = ("Renewal", "Union", "Alliance", "Front", "Movement", "Party", "Congress", "Forum", "Platform", "Bloc")
POLL_KINDS = ("Research Center", "Institute for Social Studies", "Opinion Monitoring Group", "Analytical Center", "Polling Agency")  # fmt: skip
MISSIONS = ("international observer mission", "regional parliamentary observer mission", "joint monitoring mission", "civil society observer network")  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ELECTION_KINDS = (
    ("presidential election", "president"), ("parliamentary elections", "parliament"),
    ("municipal elections", "city council"), ("presidential runoff", "president"),
    ("constitutional referendum", None), ("snap parliamentary election", "parliament"),
)  # fmt: skip


def surname(rng: random.Random) -> str:
    return rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B) + rng.choice(SYLLABLES_C)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {surname(rng)}"


def party(rng: random.Random) -> str:
    return f"{rng.choice(PARTY_ADJ)} {rng.choice(PARTY_NOUN)}"


def pct(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.{rng.choice((1, 2))}f}"


def fmt_day(day: dt.date, rng: random.Random) -> str:
    return rng.choice((f"{MONTHS[day.month - 1]} {day.day}", f"{day.day} {MONTHS[day.month - 1]}"))


def shares(rng: random.Random, n: int) -> list[float]:
    """n vote shares summing to a bit under 100, largest first."""
    weights = sorted((rng.random() ** 2 for _ in range(n)), reverse=True)
    total = sum(weights)
    return [round(96.5 * w / total, 2) for w in weights]


# --------------------------------------------------------------------------- election stories


def election_story(rng: random.Random) -> tuple[str, list[str]]:
    country, capital = rng.choice(COUNTRIES)
    kind, office = rng.choice(ELECTION_KINDS)
    day = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange(0, 8500))
    published = day + dt.timedelta(days=rng.choice((0, 1, 1, 2)))
    commission = rng.choice(COMMISSIONS)
    chair = person(rng)
    candidates = [person(rng) for _ in range(rng.randint(2, 6))]
    parties = [party(rng) for _ in candidates]
    values = shares(rng, len(candidates))
    counted = pct(rng, 20, 99.9)
    turnout = pct(rng, 28, 81)
    pollster = f"{surname(rng)} {rng.choice(POLL_KINDS)}"
    mission = rng.choice(MISSIONS)
    head = person(rng)
    when = rng.choice((f"on {WEEKDAYS[day.weekday()]}", f"on {fmt_day(day, rng)}", "on Sunday", "last weekend"))
    lead_name, lead_value = candidates[0], values[0]
    story = rng.choice(("count", "exit", "turnout", "observers", "final", "runoff", "registration", "poll"))
    p: list[str] = []
    if story in ("count", "final"):
        title = rng.choice((
            f"{lead_name} leads {country} {kind} count", f"{commission}: {lead_name} ahead after {counted}% counted",
            f"{country} {kind}: {'final' if story == 'final' else 'preliminary'} results released",
        ))  # fmt: skip
        scope = "all ballots" if story == "final" else f"{counted} percent of ballots"
        p.append(rng.choice((
            f"With {scope} counted, {lead_name} is ahead in the {kind} held in {country} {when} with {lead_value} percent of the vote, {commission} chairman {chair} told journalists at a briefing.",
            f"{lead_name} has won {lead_value} percent of the vote in the {kind} {when}, according to {'final' if story == 'final' else 'preliminary'} data from the {commission} after {scope} were processed.",
            f"The {commission} of {country} said {lead_name} received {lead_value}% of the votes cast in the {kind}, with {scope} counted.",
        )))  # fmt: skip
        rest = [f"{c} ({pt}) with {v} percent" for c, pt, v in zip(candidates[1:], parties[1:], values[1:])]
        if rest:
            p.append(rng.choice((
                f"{chair} went on to say that {rest[0]} was in second place" + (f", ahead of {', '.join(rest[1:])}." if len(rest) > 1 else "."),
                f"Trailing the leader were {'; '.join(rest)}, the commission's figures show.",
                f"Other contenders lagged far behind: {'; '.join(rest)}.",
            )))  # fmt: skip
        p.append(f"Turnout stood at {turnout} percent, the commission said, compared with {pct(rng, 30, 75)} percent at the previous vote.")
        if story == "final":
            p.append(f"\"The count is complete and the figures are final,\" {chair} said, adding that complaints could be filed within {rng.randint(3, 10)} days.")
    elif story == "exit":
        title = f"Exit poll gives {lead_name} {lead_value}% in {country}"
        p.append(rng.choice((
            f"An exit poll carried out by the {pollster} shows {lead_value} percent of voters choosing {lead_name} in the {kind} {when}.",
            f"According to an exit poll by the {pollster}, {lead_name} of the {parties[0]} is set to win the {kind} with {lead_value} percent.",
            f"{lead_name} won about {lead_value} percent of the vote {when}, an exit poll conducted by the {pollster} found.",
        )))  # fmt: skip
        if len(candidates) > 1:
            p.append(f"The same survey put {candidates[1]} in second place with {values[1]} percent.")
        p.append(f"The poll questioned {rng.randint(8, 40) * 1000:,} voters at {rng.randint(100, 900)} polling stations, the {pollster} said, and has a margin of error of {rng.choice(('one', 'two', 'three'))} percentage points.")
    elif story == "turnout":
        title = f"Turnout in {country} vote reaches {turnout}%"
        hour = rng.choice(("10:00", "13:00", "15:00", "18:00"))
        p.append(f"Voter turnout in the {kind} in {country} reached {turnout} percent as of {hour} local time, the {commission} reported {when}.")
        p.append(rng.choice((
            f"Polling stations opened at {rng.choice(('7:00', '8:00'))} and will close at {rng.choice(('19:00', '20:00'))}, with {rng.randint(2, 9)} million voters registered.",
            f"More than {rng.randint(1, 9)},{rng.randint(100, 999)} polling stations are open across the country, including {rng.randint(20, 90)} abroad.",
        )))  # fmt: skip
        p.append(f"{rng.choice(('Deputy chairman', 'Secretary', 'A spokeswoman for the commission'))} {person(rng)} said no serious violations had been recorded so far.")
    elif story == "observers":
        title = f"Observers assess {country} {kind}"
        p.append(f"The {mission} said the {kind} in {country} {when} was held in a calm atmosphere, head of the mission {head} told a news conference in {capital}.")
        p.append(rng.choice((
            f"\"The voting procedures were generally respected, and we did not register violations that could affect the outcome,\" {head} said.",
            f"\"We observed the vote at {rng.randint(50, 400)} polling stations,\" {head} said. \"Our observers noted an orderly process.\"",
        )))  # fmt: skip
        p.append(f"According to {head}, the mission deployed {rng.randint(40, 300)} observers from {rng.randint(5, 30)} countries.")
        p.append(f"The mission will publish its final report within {rng.randint(30, 60)} days, {head} added.")
    elif story == "runoff":
        title = f"{country} heads for runoff between {lead_name} and {candidates[1] if len(candidates) > 1 else surname(rng)}"
        other = candidates[1] if len(candidates) > 1 else person(rng)
        p.append(f"No candidate won more than half of the votes in the first round of the {kind} in {country} {when}, so a runoff will be held between {lead_name} and {other}, the {commission} said.")
        p.append(f"{lead_name} received {lead_value} percent, while {other} won {values[1] if len(values) > 1 else pct(rng, 10, 30)} percent, with {counted} percent of ballots counted.")
        p.append(f"The second round is scheduled for {fmt_day(day + dt.timedelta(days=14), rng)}.")
    elif story == "registration":
        title = f"{len(candidates)} candidates registered for {country} {kind}"
        p.append(f"The {commission} of {country} has registered {len(candidates)} candidates for the {kind} due on {fmt_day(day + dt.timedelta(days=40), rng)}, commission secretary {chair} said {when}.")
        p.append(f"They include {', '.join(f'{c} of the {pt}' for c, pt in zip(candidates, parties))}.")
        p.append(f"Candidates must collect at least {rng.randint(10, 100)},000 signatures, {chair} noted.")
    else:
        title = f"Poll: {lead_name} leads ahead of {country} vote"
        p.append(f"{lead_name} would win {lead_value} percent of the vote if the {kind} were held now, a survey by the {pollster} released {when} shows.")
        if len(candidates) > 1:
            p.append(f"{candidates[1]} of the {parties[1]} follows with {values[1]} percent, and {pct(rng, 5, 25)} percent of respondents are undecided.")
        p.append(f"The survey of {rng.randint(1, 3)},{rng.randint(0, 9)}00 adults was conducted {rng.choice(('by telephone', 'face to face', 'online'))} between {fmt_day(day - dt.timedelta(days=12), rng)} and {fmt_day(day - dt.timedelta(days=8), rng)}.")
    p.extend(rng.sample(_context_paragraphs(rng, country, capital, kind, office, day), k=rng.randint(1, 3)))
    p = [vary_words(vary(x, rng), rng) for x in p]
    dateline = f"{capital.upper()}, {fmt_day(published, rng)} ({rng.choice(AGENCIES)}) - "
    p[0] = dateline + p[0]
    return title, [f"Published: {published.isoformat()}"] + p


# Wording that would otherwise repeat verbatim across election stories.
VARIANTS = {
    "told journalists at a briefing": ("told journalists at a briefing", "told a news conference", "said at a press briefing", "told reporters late in the evening"),
    "is ahead in the": ("is ahead in the", "leads the count in the", "has taken the lead in the", "is leading in the"),
    "went on to say that": ("went on to say that", "added that", "also said that", "noted that"),
    "Other contenders lagged far behind": ("Other contenders lagged far behind", "The rest of the field trailed", "Well behind came the others"),
    "the commission said, compared with": ("the commission said, compared with", "according to the commission, against", "officials said, up from"),
    "The count is complete and the figures are final": ("The count is complete and the figures are final", "All protocols have been processed", "Every district has now reported"),
    "adding that complaints could be filed within": ("adding that complaints could be filed within", "noting that appeals may be lodged within", "and said objections are accepted for"),
    "An exit poll carried out by the": ("An exit poll carried out by the", "Exit polling by the", "A survey of voters leaving polling stations by the"),
    "The same survey put": ("The same survey put", "The poll placed", "That exit poll had"),
    "in second place with": ("in second place with", "second on", "runner-up with"),
    "The poll questioned": ("The poll questioned", "Interviewers spoke to", "The survey covered"),
    "has a margin of error of": ("has a margin of error of", "carries an error margin of", "is accurate to within"),
    "as of": ("as of", "by", "at"),
    "local time, the": ("local time, the", "local time, according to the", "in the afternoon, the"),
    "Polling stations opened at": ("Polling stations opened at", "Voting began at", "Stations opened their doors at"),
    "said no serious violations had been recorded so far": ("said no serious violations had been recorded so far", "told reporters the vote was calm", "said only minor incidents were reported"),
    "was held in a calm atmosphere": ("was held in a calm atmosphere", "was orderly and peaceful", "took place without major incidents", "was competitive and well run"),
    "head of the mission": ("head of the mission", "the mission's chief", "mission leader", "the head of the delegation"),
    "The mission will publish its final report within": ("The mission will publish its final report within", "A final assessment is due in", "Its full report will follow in"),
    "No candidate won more than half of the votes in the first round of the": ("No candidate won more than half of the votes in the first round of the", "No contender cleared the 50 percent mark in the", "Nobody secured an outright majority in the"),
    "The second round is scheduled for": ("The second round is scheduled for", "The runoff will take place on", "Voters return to the polls on"),
    "has registered": ("has registered", "approved the nominations of", "cleared"),
    "Candidates must collect at least": ("Candidates must collect at least", "Each nominee needed", "Hopefuls had to gather"),
    "would win": ("would win", "would take", "is on course for"),
    "if the": ("if the", "were the", "should the"),
    "were held now": ("were held now", "took place this Sunday", "were held next week"),
    "The survey of": ("The survey of", "The poll of", "Interviews with"),
    "a political analyst in": ("a political analyst in", "a political scientist at a university in", "a commentator based in"),
    "the result reflected a desire for stability after": ("the result reflected a desire for stability after", "voters had rewarded continuity after", "the outcome showed fatigue after"),
    "will take office after the results are certified by the": ("will take office after the results are certified by the", "takes office once the results are confirmed by the", "is installed after certification by the"),
    "Opposition supporters gathered near the commission building in": ("Opposition supporters gathered near the commission building in", "Several hundred protesters rallied in", "Supporters of the runner-up marched through"),
    "were accredited to monitor the vote": ("were accredited to monitor the vote", "registered as observers", "watched the voting"),
    "and the first to use electronic ballot scanners in": ("and the first to use electronic ballot scanners in", "with new voter lists used in", "and the first with video cameras at stations in"),
}  # fmt: skip


def vary(text: str, rng: random.Random) -> str:
    for phrase, options in VARIANTS.items():
        if phrase in text:
            text = text.replace(phrase, rng.choice(options))
    return text


def _context_paragraphs(rng: random.Random, country: str, capital: str, kind: str, office: str | None, day: dt.date) -> list[str]:
    who = person(rng)
    return [
        f"This is the {rng.choice(('eighth', 'ninth', 'tenth', 'fourth', 'sixth'))} {kind.split()[-1].rstrip('s')} since {country} became independent, and the first to use electronic ballot scanners in {rng.randint(10, 60)} districts.",
        f"{who}, a political analyst in {capital}, said the result reflected a desire for stability after {rng.randint(2, 5)} years of economic difficulty.",
        f"The new {office or 'constitution'} will take office after the results are certified by the {rng.choice(('Constitutional Court', 'Supreme Court', 'election commission'))}.",
        f"Opposition supporters gathered near the commission building in {capital} late on {WEEKDAYS[(day.weekday() + 1) % 7]}, demanding a recount in several districts.",
        f"Some {rng.randint(1, 9)},{rng.randint(100, 999)} local and {rng.randint(100, 999)} foreign observers were accredited to monitor the vote.",
        f"The previous {kind.split()[-1]} in {day.year - rng.choice((4, 5))} was won by {person(rng)} with {pct(rng, 40, 70)} percent.",
    ]


# --------------------------------------------------------------------------- everyday news
# Sentences are written with alternatives, {a|b|c} (nestable), and $SLOTS filled per
# article, so two stories of one kind rarely share five words in a row (the near-duplicate
# detector must not see the whole corpus as copies of a few templates).

TOWNS = ("Brackenford", "Lindholm", "Castelo Verde", "Ostrava Nova", "Millbrook", "Karrat", "Seaview", "Dunmere", "Valtara", "Hollin Bay", "Redcliff", "Pinegate", "Arnsby", "Kelmora", "Sunhaven", "Tarrowby")  # fmt: skip
RIVERS = ("Aldern", "Sava Mala", "Tessin", "Orm", "Kelvar", "Brisk", "Lune", "Otter")
TEAMS = ("Rovers", "United", "Athletic", "Wanderers", "City", "Harriers", "Dynamo", "Rangers", "Albion", "Olympic")

PLAIN_KINDS: dict[str, tuple[str, list[str]]] = {
    "weather": ("{Heavy rain|Strong winds|Fog|Snow|Sunshine|Frost|Hail} {on the way|due|comes back|arrives} {across the region|in $TOWN|over the coast|this weekend}", [
        "Residents of $TOWN {and the surrounding valleys|and nearby villages|along the coast} {can look forward to|will wake up to|should prepare for} {heavy rain|strong gusts|light snow|thick fog|bright sunshine|freezing drizzle} on $DAY.",
        "Temperatures {will climb to|should reach|will hover near|may drop to} $N1 degrees {in the afternoon|by midday|in sheltered spots|on the plains}.",
        "The {northern|southern|coastal|eastern|western|upland} districts {will see|are in line for|face} {thunderstorms|sleet|gales|showers|drifting snow} {later in the day|overnight|by evening|after dark}.",
        "Motorists on the {mountain|forest|coastal|valley} roads {need winter tyres|should carry chains|face slippery patches|must allow extra time}.",
        "{Night|Early morning|Overnight} temperatures {will fall to|could sink to|may dip below} $N2 degrees, and {frost|ice|dew|mist} {is likely|will form|may linger} {in low areas|on bridges|near the $RIVER}.",
        "The $RIVER {river|valley} {is likely to rise|may swell|could climb} by up to $N3 centimetres {after the downpours|once the snow melts|by Thursday}.",
        "{Drier air|A ridge of high pressure|Calmer weather|A mild southerly flow} {arrives|sets in|moves in|takes over} {by the weekend|on $DAY|early next week}, bringing {sunshine|light breezes|clear nights|milder days} to {most of the region|the lowlands|$TOWN}.",
        "{Farmers|Gardeners|Hikers|Sailors} {in the hills|near $TOWN|on the lakes|along the shore} {should keep an eye on the sky|may want to delay plans|can look forward to a calmer spell}.",
    ]),
    "sport": ("$TOWN $TEAM {beat|edge past|draw with|hold} $TEAM2", [
        "$TOWN $TEAM {played|hosted|took on|faced} $TEAM2 at the $NAME Stadium on $DAY {in front of|before a crowd of|watched by} $N4 {fans|spectators|supporters}.",
        "$PERSON {opened the scoring|struck first|put the hosts ahead|broke the deadlock} in the $N5th minute {with a low shot|with a header|from a free kick|after a quick break}.",
        "{The visitors|$TEAM2} {levelled|drew level|hit back|equalised} {before the break|just after half-time|midway through the second half} through $PERSON.",
        "{The hosts|$TEAM} {dominated the second half|pressed hard late on|had the better chances|controlled possession} and {struck the woodwork twice|forced several saves|had a goal ruled out for offside}.",
        "{Goalkeeper|Defender|Captain|Midfielder} $PERSON {made|produced|managed} $N6 {saves|clearances|tackles|interceptions} {in his first match|on his return|in his hundredth appearance} {since returning from injury|for the club|this season}.",
        "$TEAM {now sit|remain|climb to|slip to} {third|fifth|seventh|second|tenth} in the table and {travel to|host|visit} {$TOWN2|$TEAM2} {next week|on $DAY|after the international break}.",
        "{Coach|Manager} $PERSON {made three changes|kept the same side|rested two regulars|handed a debut to a teenager} {for the match|from the last game|at full-back}.",
    ]),
    "transport": ("{New tram line|Bus route|Cycle path|Rail link|Ferry service} {opens|launched|extended} in $TOWN", [
        "{Tram line|Bus route|Rail link} $N7 between {the $TOWN central station|the old town|the market square} and the {university|hospital|harbour|airport|industrial} district {opened to passengers|began service|carried its first riders} on $DAY.",
        "The $N8-kilometre {route|line|corridor} has $N9 stops and {trams|trains|buses} {will run|operate|depart} every {five|six|eight|ten|twelve} minutes {during the day|at peak times|until midnight}.",
        "{Construction|Work|Building} {began|started|got under way} $N10 years ago and cost about $N11 million euros, {funded mainly by regional and European sources|paid for by the city|shared by the city and the region}.",
        "{Older bus routes|Two feeder routes|Night buses} {will be shortened|will change|will be reorganised} from next month, and cyclists {can take bicycles on board|may bring bikes} {outside rush hours|at weekends|on every service}.",
        "{Tickets|Fares|Season passes} {stay the same|are unchanged|remain valid} for {pensioners|students|children under twelve|regular commuters}.",
        "{A second phase|An extension|A branch} towards $TOWN2 {is planned|is in design|may follow} {for the end of the decade|within five years|once funds allow}.",
    ]),
    "culture": ("$PERSON {exhibition|retrospective|drawings|sculpture collection} {opens|on view} in $TOWN", [
        "An {exhibition|retrospective|display} of $N12 {paintings|drawings|prints|sculptures} by $PERSON {opened|went on view|welcomed its first visitors} at the $TOWN {City Gallery|Museum of Art|Arts Centre} {this week|on $DAY|over the weekend}.",
        "The works, {many of them|most of them|several of them} lent by {private collectors|other museums|the artist's family}, {cover four decades|span a long career|range widely}, from early {landscapes|portraits|studies} of the $RIVER valley to late {abstract studies|still lifes|city scenes} in {blue and ochre|grey and gold|red and green}.",
        "A room on the {upper|ground|top} floor holds {sketchbooks|notebooks|photographs|letters} from the {artist's studio|family archive|artist's travels} near $TOWN2.",
        "The {exhibition|retrospective|display} runs until $MONTH and is open {daily except Mondays|every day|from Tuesday to Sunday}, with {free entry for students|reduced tickets for families|guided tours at weekends}.",
        "{A catalogue|A short film|An audio guide} {accompanies|goes with} the {exhibition|display}, {in three languages|with new photographs|free of cost to schools}.",
    ]),
    "science": ("New {beetle|orchid|frog|moss|moth|snail|lichen} {species|variety} {identified|discovered} near $TOWN", [
        "{Biologists|Researchers|A team of ecologists} from the University of $TOWN have identified a previously unknown {beetle|orchid|frog|moss|moth|snail|lichen} {living in|growing in|hiding in} the {wetlands|forests|caves|meadows} along the $RIVER {river|valley}.",
        "The team {collected specimens|gathered samples|took photographs} during $N13 field seasons and {compared their DNA|matched their features|checked their genes} {with related species|against museum collections} from {neighbouring regions|across the continent}.",
        "The new {species|organism}, named after the {village|hamlet|town} of $TOWN2, is {smaller than|paler than|larger than} its relatives and {lives only in|depends on|prefers} {shaded pools|old oaks|limestone cliffs|wet moss}.",
        "The study {appears|was published} this month in a journal of {regional natural history|ecology|zoology|botany}, and the specimens are kept at the {university museum|national collection|regional museum}.",
        "{Volunteers|Students|Local naturalists} {helped with the fieldwork at night|joined the field trips|counted the colonies} {over several summers|in all weathers|every spring}.",
    ]),
    "civic": ("$TOWN {bridge|library|market hall|swimming pool|town hall} reopens after {repairs|renovation|restoration}", [
        "The {old stone bridge over the $RIVER|public library|covered market hall|municipal swimming pool} in $TOWN reopened {to the public|to traffic|to visitors} on $DAY after $N14 months of {repairs|renovation|restoration work}.",
        "Workers {replaced the roof|replaced the deck|rebuilt the entrance|relaid the floors}, {strengthened the arches|insulated the walls|installed new lifts} and {restored the iron railings|repainted the facade|fitted solar panels}, {which date from|some dating back to} the {1880s|1890s|1900s|1920s}.",
        "{Vehicles heavier than $N15 tonnes remain banned|Opening hours are longer than before|A new cafe opens next month}, and a new {footpath|ramp|garden} {on the downstream side|at the rear|beside the entrance} links {the two riverside parks|the building with the square}.",
        "A small {market|festival|concert} with {music and food stalls|local bands|children's games} marked the reopening {in the afternoon|on $DAY evening|over the weekend}.",
        "The {work|project|restoration} cost $N16 million euros, {shared by the town and the region|mostly from a heritage fund|paid from the town budget}.",
    ]),
    "farming": ("{Wheat|Barley|Apple|Grape|Potato|Sunflower} harvest under way around $TOWN", [
        "Farmers around $TOWN began the {wheat|barley|apple|grape|potato|sunflower} harvest {this week|on $DAY|at the weekend}, $N17 days earlier than usual after a {warm|dry|mild} spring.",
        "Yields on the {plains|lowlands|river terraces} are around $N18 tonnes per hectare, while {hill farms|upland growers|smallholders} had {hail damage|late frosts|dry spells} in $MONTH.",
        "Seasonal workers from {neighbouring regions|abroad|nearby towns} are helping on the larger {estates|farms|orchards}, and the cooperative has opened a second {drying plant|cold store|press house}.",
        "Prices at the {regional|weekly|wholesale} market in $TOWN2 {stayed close to|were near|held at} last year's level.",
        "{Machinery|Combine harvesters|Tractors} {work late into the evening|run through the night|crowd the lanes} {while the weather holds|before rain arrives|in the valley}.",
    ]),
}  # fmt: skip

CUED_KINDS: dict[str, tuple[str, list[str]]] = {
    "business": ("$NAME {Holdings|Industries|Foods|Logistics|Energy|Textiles|Shipping} {profit|revenue|sales} {rises|climbs|jumps|edges up}", [
        "$NAME {Holdings|Industries|Foods|Logistics|Energy|Textiles|Shipping}, {based in $TOWN|the $TOWN-based group|headquartered near $TOWN}, said on $DAY that its {quarterly|half-year|annual} {profit|net income|operating profit} {rose|climbed|grew} $P1% to $N11 million euros.",
        "{Revenue|Turnover|Sales} {increased|were up|advanced} $P2 percent, {helped by|thanks to|on the back of} {higher demand in export markets|new contracts in $TOWN2|lower energy costs|a strong holiday season}, the company {said in a statement|told investors|wrote in its results}.",
        "\"We {expect|look forward to|are planning for} {another solid year|steady growth|more hiring in $TOWN},\" {chief executive|finance director|chairwoman} $PERSON told {analysts on a conference call|reporters in $TOWN|shareholders}.",
        "Shares in the {company|group} {closed|ended the day|finished} $P3% {higher|up|stronger} {in $TOWN|on the regional exchange}.",
        "{The group|The firm|It} {employs|has} about $N4 {people|staff|workers} {in $N5 countries|at $N6 sites|across the region}.",
    ]),
    "court": ("Court rules in $TOWN {land|water|building|noise|parking} dispute", [
        "A {district|regional|county} court in $TOWN ruled on $DAY that a {housing developer|logistics firm|hotel chain|quarry operator} must {return|give back|hand over} $N13 hectares of {riverside|forest|farm} land to the {municipality|town|village of $TOWN2}.",
        "Judge $PERSON said the {sale|lease|permit} had not followed {the required procedures|planning law|the proper tender rules}.",
        "Lawyers for the {developer|company|firm|operator} told reporters they would {appeal|challenge|contest} the {decision|ruling|judgment} {within the month|at the higher court|as soon as possible}.",
        "\"{This is a good day|Today is a victory|This ruling matters} for the people of $TOWN,\" $PERSON, who {led the residents' group|organised the petition|chairs the local association}, said {outside the court|after the hearing|on the court steps}.",
        "The {case|dispute|proceedings} {began|started|opened} $N10 years ago {after residents complained|when the land was fenced off|over a disputed contract}.",
    ]),
    "health": ("$TOWN {hospital|clinic|medical centre} opens new {ward|clinic|wing|unit}", [
        "The $TOWN {regional hospital|university clinic|medical centre} opened a new {children's ward|cancer clinic|maternity wing|stroke unit} with $N12 beds {this week|on $DAY|at the weekend}.",
        "According to the {hospital director|chief physician|clinic's manager}, $PERSON, {waiting times for planned operations|queues at the emergency department|delays for scans} have fallen by {a third|a quarter|half} since {last year|the spring|$MONTH}.",
        "The {ministry of health|regional health authority|health board} noted that $N6 similar {wards|clinics|units} are {planned|being built|due to open} {across the country|in the region|before $MONTH}.",
        "{Nurses|Doctors|Staff} {moved the first patients|began work|welcomed families} {on $DAY morning|the same afternoon|within hours}, {the director said|a spokeswoman said|the hospital said}.",
    ]),
    "police": ("{Police|Firefighters|Rescuers} {search|respond|called out} {near|in|outside} $TOWN", [
        "{Police|Firefighters|Mountain rescuers} {were called to|responded to|rushed to} {a warehouse fire|a car crash|a missing hiker|a flooded cellar} {near|in|outside} $TOWN {late on $DAY|early on $DAY|on $DAY afternoon}, {officials said|a spokesman said|the regional service said}.",
        "{No one was hurt|Two people were treated for minor injuries|The hiker was found safe}, {according to|said} {the fire service|the police|local officials}.",
        "\"{Crews worked through the night|The response was quick|Conditions were difficult},\" {commander|duty officer|chief} $PERSON {told reporters|said|told the local radio}.",
        "{The road|The area|The path} {stayed closed|remained shut|was cordoned off} for $N5 hours {while investigators worked|as a precaution|until the morning}.",
    ]),
}  # fmt: skip
CUED_SHARE = 0.15  # share of everyday news with a quotation, reported speech or a percentage


# Word-level variation: every occurrence picks its own synonym, so stories built from the
# same sentence share few five-word runs (as distinct real stories on one topic do).
SYNONYMS = {
    "the": ("the",), "new": ("new", "fresh", "modern", "recently built"), "old": ("old", "historic", "ageing", "former"),
    "opened": ("opened", "welcomed visitors", "began operating", "started"), "began": ("began", "started", "got going", "kicked in"),
    "near": ("near", "close to", "outside", "just beyond"), "across": ("across", "throughout", "all over", "in much of"),
    "will": ("will", "should", "is set to", "may"), "about": ("about", "around", "roughly", "nearly"),
    "this week": ("this week", "in recent days", "on Wednesday", "over the past days"), "region": ("region", "province", "area", "county"),
    "district": ("district", "quarter", "neighbourhood", "zone"), "large": ("large", "big", "sizeable", "major"),
    "small": ("small", "modest", "little", "compact"), "later": ("later", "afterwards", "subsequently", "then"),
    "people": ("people", "residents", "locals", "inhabitants"), "workers": ("workers", "crews", "labourers", "teams"),
    "river": ("river", "stream", "waterway", "riverbed"),
    "town": ("town", "municipality", "community", "borough"), "city": ("city", "metropolis", "urban area", "capital"),

    "high": ("high", "elevated", "strong", "heavy"), "low": ("low", "weak", "modest", "light"),
    "days": ("days", "days", "sessions", "working days"), "months": ("months", "months", "seasons", "quarters"),
    "years": ("years", "years", "seasons", "decades"), "built": ("built", "constructed", "erected", "put up"),
    "visitors": ("visitors", "guests", "the public", "newcomers"),
    "helped": ("helped", "assisted", "supported", "aided"), "work": ("work", "labour", "effort", "activity"),
    "morning": ("morning", "dawn", "early hours", "first light"), "evening": ("evening", "dusk", "nightfall", "late hours"),
    "match": ("match", "game", "fixture", "encounter"), "fans": ("fans", "spectators", "supporters", "followers"),
    "hosts": ("hosts", "home side", "home team", "locals"), "visitors'": ("visitors'",),
    "long": ("long", "lengthy", "extended", "drawn-out"),
    "costs": ("costs", "expenses", "outlays", "bills"), "price": ("price", "cost", "rate", "fee"),
    "prices": ("prices", "rates", "values", "quotes"), "farms": ("farms", "holdings", "estates", "smallholdings"),
    "weather": ("weather", "conditions", "skies", "climate"), "roads": ("roads", "routes", "highways", "lanes"),
    "building": ("building", "structure", "site", "premises"), "works": ("works", "pieces", "canvases", "items"),
}  # fmt: skip
_SYN_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in SYNONYMS), key=len, reverse=True)) + r")\b")


def vary_words(text: str, rng: random.Random) -> str:
    return _SYN_RE.sub(lambda m: rng.choice(SYNONYMS[m.group(1)]), text)


def expand(template: str, rng: random.Random) -> str:
    """Resolve {a|b|c} alternatives, innermost first (nesting allowed)."""
    while "{" in template:
        end = template.index("}")
        start = template.rindex("{", 0, end)
        template = template[:start] + rng.choice(template[start + 1 : end].split("|")) + template[end + 1 :]
    return template


def fill(text: str, slots: dict[str, str], rng: random.Random | None = None) -> str:
    if rng is not None:  # every $PERSON is somebody new
        while "$PERSON" in text:
            text = text.replace("$PERSON", person(rng), 1)
    for name in sorted(slots, key=len, reverse=True):
        text = text.replace(f"${name}", slots[name])
    return text


def everyday_story(rng: random.Random) -> tuple[str, list[str]]:
    town, town2 = rng.sample(TOWNS, 2)
    team, team2 = rng.sample(TEAMS, 2)
    day = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange(0, 8500))
    kinds = CUED_KINDS if rng.random() < CUED_SHARE else PLAIN_KINDS
    title_t, sentences = kinds[rng.choice(sorted(kinds))]
    slots = {
        "TOWN": town, "TOWN2": town2, "TEAM": team, "TEAM2": team2, "RIVER": rng.choice(RIVERS),
        "DAY": rng.choice(WEEKDAYS), "MONTH": rng.choice(MONTHS), "NAME": surname(rng), "PERSON": person(rng),
        **{f"N{i}": str(rng.randint(2, 60)) for i in range(1, 19)},
        **{f"P{i}": pct(rng, 0.5, 25) for i in range(1, 4)},
    }  # fmt: skip
    slots["N4"] = f"{rng.randint(2, 40)},{rng.randint(100, 999)}"
    first, rest = sentences[0], sentences[1:]
    chosen = [first] + rng.sample(rest, k=max(2, len(rest) - rng.randint(0, 2)))
    body = [vary_words(fill(expand(t, rng), slots, rng), rng) for t in chosen]
    # Two or three sentences per paragraph, like short wire briefs.
    paragraphs, i = [], 0
    while i < len(body):
        take = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(body[i : i + take]))
        i += take
    paragraphs[0] = f"{town.upper()}, {fmt_day(day, rng)} ({rng.choice(AGENCIES)}) - " + paragraphs[0]
    return fill(expand(title_t, rng), slots), [f"Published: {day.isoformat()}"] + paragraphs


# --------------------------------------------------------------------------- corpus


def article(seed: int, index: int) -> str:
    """The text of article ``index``: a function of (seed, index) only."""
    rng = random.Random(f"wirefacts-bench-{seed}-{index}")
    title, lines = election_story(rng) if index % ELECTION_EVERY == 0 else everyday_story(rng)
    meta, body = lines[0], lines[1:]
    return f"{title}\n{meta}\n\n" + "\n\n".join(body) + "\n"


def generate(out: Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` articles under ``out`` (replacing it), in folders of FOLDER_SIZE."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for index in range(n):
        folder = out / f"{index // FOLDER_SIZE:03d}"
        if index % FOLDER_SIZE == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:06d}.txt").write_text(article(seed, index), encoding="utf-8")
    (out / ".complete").write_text(f"{n} {seed}\n", encoding="utf-8")
    return out


def ensure(out: Path, n: int, seed: int = 0) -> Path:
    """Generate unless ``out`` already holds this exact corpus."""
    marker = Path(out) / ".complete"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == f"{n} {seed}":
        return Path(out)
    return generate(out, n, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "corpus" / "5000")
    args = parser.parse_args(argv)
    ensure(args.out, args.n, args.seed)
    print(f"{args.n} articles in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
