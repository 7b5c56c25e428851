"""Clean Article → EventReports, one per incident the article says happened.

How an article is read:
1. Sentences (etl.clean.sentences) are scanned for trigger phrases (data/event_rules.toml) on the
   tokens' match forms. A trigger preceded, in its clause, by a negation, a future/plan word, a
   threat or a condition is dropped: those are not events.
2. A sentence splits at recount cues (عقب، على خلفية، غداة، تورط…): the clause before the first cue
   is the sentence's news; each clause after a cue recounts an earlier incident. Each clause with
   triggers becomes a candidate carrying its best rule, its own dates and places.
3. Candidates are grouped into incidents: news clauses join the article's current incident when
   date and governorate agree; recounted clauses join only an incident of the same event type with
   agreeing date and place, else they open their own incident (own date and place).
4. Each incident becomes an EventReport: type from its lead candidate (plus data-driven upgrades),
   date, place, actors, counts tied to their kill/injure/arrest word, evidence spans, confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from etl.clean.dates import find_dates
from etl.clean.numbers import CountMention, find_counts
from etl.clean.sentences import split_sentences
from etl.extract.actors import ActorMention, find_actors, find_actors_in_tokens, interaction_code, load_actors
from etl.extract.clitics import Token, tokenize
from etl.extract.counts import CountWords, incident_counts
from etl.extract.places import (
    Gazetteer,
    PlaceMention,
    find_places,
    load_gazetteer,
    place_by_pcode,
    resolve_place,
)
from etl.extract.rules import Hit, PhraseIndex, Rule, RuleSet, load_rules, readings_of
from etl.models import Article, Count, EventReport, Evidence, Place

DAMASCUS = ZoneInfo("Asia/Damascus")
_CLAUSE_BREAKS = frozenset('،,.:;؛!?\n()"«»“”')
_CLAUSE_BREAK_CHAR = re.compile("[" + re.escape("".join(sorted(_CLAUSE_BREAKS))) + "]")
_BLOCK_WINDOW = 10  # tokens before a trigger in which a negation/future/threat word blocks it
_HISTORY_DAYS = 60  # an incident dated further back than this is background, not news
_SPLIT_TYPES = frozenset({"Protests", "Riots"})
_COUNTRY_WIDE_SUBS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "Disrupted weapons use"})
# Background clauses that are steps of the same operation (a raid's arrests, its firefight).
_OPERATION_PARTS = frozenset({"Arrests", "Disrupted weapons use", "Armed clash"})
_DAY_BEFORE_CUES = frozenset({"غداه"})
_CIVILIAN_SUBS = frozenset({"Attack", "Sexual violence", "Abduction/forced disappearance"})
_CIVILIANS = "Civilians (Syria)"
_BLOCKERS = ("negation", "future", "plan", "threat", "conditional", "generic")
_CASUALTY_RULES = frozenset({"killing"})  # rules that only say someone died
_VICTIM_WINDOW = 3  # tokens after a kill/injure word that name the victims


@dataclass
class _Doc:
    """An article prepared once: tokens, readings and every mention found in its text."""

    article: Article
    text: str
    tokens: list[Token]
    readings: list[frozenset[str]]
    sentences: list[Evidence]
    sentence_tokens: list[tuple[int, int]]  # token range of each sentence
    dates: list  # DateMention
    counts: list[CountMention]
    places: list[PlaceMention]
    published: date | None
    rules: RuleSet
    gazetteer: Gazetteer
    dateline_end: int = 0  # places before this offset are the dateline, not the incident
    token_starts: list[int] = field(default_factory=list)  # tokens[i].start, for bisecting
    breaks: list[bool] = field(default_factory=list)  # clause punctuation before token k
    date_starts: list[int] | None = None  # starts of dates / places, when in text order
    place_starts: list[int] | None = None
    said_on: frozenset[int] = frozenset()  # starts of dates that date a statement, not an incident


@dataclass
class _Candidate:
    """One clause of one sentence that reports (part of) an incident."""

    rule: Rule
    sub_event_type: str
    sentence: int
    start: int  # token range of the clause
    end: int
    recounted: bool
    dates: list = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    aggregate: bool = False
    new_topic: bool = False
    distinct: bool = False  # opened by `وفي عملية ثانية`: never joins an earlier incident
    spans: list[tuple[int, int]] = field(default_factory=list)  # token ranges of its segments
    cue: str | None = None
    said: frozenset[int] = frozenset()  # starts of its dates that date a statement (doc.said_on)


@dataclass
class _Incident:
    """Candidates grouped as one incident; the first one leads."""

    candidates: list[_Candidate]
    recounted: bool
    aggregate: bool
    is_only: bool = False  # the article's only incident

    @property
    def lead(self) -> _Candidate:
        return self.candidates[0]

    def date(self) -> object | None:
        """The first date of its clauses that dates the incident itself; failing that, the day
        a statement about it was made (`أعلن الجيش، الأحد، تنفيذه غارات … مساء السبت`)."""
        fallback = None
        for c in self.candidates:
            for d in c.dates:
                if d.start not in c.said:
                    return d
                fallback = fallback or d
        return fallback

    def admin1s(self) -> set[str]:
        return {p for c in self.candidates for p in _admin1s(c.places)}


def extract_events(article: Article) -> list[EventReport]:
    """The incidents `article` reports as having happened, as EventReports (report_index 0..n-1).

    Statements, threats, denials, plans and conditionals yield nothing, nor do articles without an
    incident. Each recounted earlier incident is its own report with its own date and place.
    Evidence offsets point into `article.text`.
    """
    doc = _prepare(article)
    candidates = [c for i in range(len(doc.sentences)) for c in _sentence_candidates(doc, i)]
    incidents = _drop_background(doc, _group(doc, candidates))
    if len(incidents) == 1:
        incidents[0].is_only = True
    reports: list[EventReport] = []
    for incident in incidents:
        for part in _split_by_governorate(doc, incident):
            report = _report(doc, part, incidents)
            if report is not None:
                report.report_index = len(reports)
                reports.append(report)
    return reports


# --------------------------------------------------------------------------------------------
# Preparation


def _published_day(published: datetime | None) -> date | None:
    if published is None:
        return None
    if published.tzinfo is None:
        return published.date()
    return published.astimezone(DAMASCUS).date()


def _prepare(article: Article) -> _Doc:
    text = article.text
    tokens = tokenize(text)
    sentences = [s for s in split_sentences(text) if s.sentence.strip()]
    starts = [t.start for t in tokens]
    ranges = [(_bisect(starts, s.start), _bisect(starts, s.end)) for s in sentences]
    gaz = load_gazetteer()
    rules = load_rules()
    dates = list(find_dates(text, article.published))
    places = find_places(text, gaz, tokens=tokens)
    readings = rules.scan(readings_of(tokens))
    return _Doc(
        article=article,
        text=text,
        tokens=tokens,
        readings=readings,
        sentences=sentences,
        sentence_tokens=ranges,
        dates=dates,
        counts=find_counts(text),
        places=places,
        published=_published_day(article.published),
        rules=rules,
        gazetteer=gaz,
        dateline_end=_dateline_end(text),
        token_starts=starts,
        breaks=_break_flags(text, tokens, starts),
        date_starts=_sorted_starts(dates),
        place_starts=_sorted_starts(places),
        said_on=_statement_dates(text, tokens, starts, rules.lexicon("reporting_verb"), readings, dates),
    )


_SAID_WINDOW = 5  # tokens from a reporting verb to the date of the statement (`أعلن الجيش، الأحد`)


def _statement_dates(text: str, tokens: Sequence[Token], starts: Sequence[int], verbs: PhraseIndex,
                     readings: Sequence[frozenset[str]], dates: Sequence) -> frozenset[int]:
    """Starts of date mentions that date a statement: a reporting verb (أعلن، أفادت، قال…) a few
    words before the date, with no full stop between. They give the announcement day, which is
    the incident's day only when the text gives no other."""
    if not dates:
        return frozenset()
    out = set()
    for d in dates:
        k = _bisect(starts, d.start)
        lo = max(0, k - _SAID_WINDOW)
        if k == 0 or "." in text[tokens[lo].start : d.start]:
            continue
        if verbs.any_in(readings, lo, k):
            out.add(d.start)
    return frozenset(out)


def _sorted_starts(items: Sequence) -> list[int] | None:
    starts = [x.start for x in items]
    return starts if all(a <= b for a, b in zip(starts, starts[1:], strict=False)) else None


def _bisect(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _char_span(doc: _Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of tokens [start, end)."""
    if start >= end:
        return (doc.tokens[start].start, doc.tokens[start].start) if start < len(doc.tokens) else (0, 0)
    return doc.tokens[start].start, doc.tokens[end - 1].end


# --------------------------------------------------------------------------------------------
# Sentences → candidates


@dataclass
class _Segment:
    start: int
    end: int
    recounted: bool
    cue: str | None  # match form of the recount cue that opened it
    opens: bool = False  # starts at its cue (not a continuation after punctuation)


def _segments(doc: _Doc, s_start: int, s_end: int) -> list[_Segment]:
    """The sentence cut at recount cues and clause punctuation. A recount cue opens a recounted
    segment; after punctuation the text stays recounted (a list of earlier incidents) unless the
    next clause opens with a word like فيما / بينما that returns to the news."""
    lex = doc.rules.lexicon
    cues = {
        h.start: h
        for h in lex("recount").find(doc.readings, s_start, s_end)
        if not _taa_misread(doc, h, lex("recount"))
    }
    resets = {h.start for h in lex("clause_reset").find(doc.readings, s_start, s_end)}
    out: list[_Segment] = []
    seg = _Segment(s_start, s_end, False, None)
    for k in range(s_start, s_end):
        if k > s_start and _break_before(doc, k):
            seg.end = k
            out.append(seg)
            seg = _Segment(k, s_end, seg.recounted and k not in resets, seg.cue)
        if k in cues:
            if k > seg.start:
                seg.end = k
                out.append(seg)
            seg = _Segment(k, s_end, True, doc.tokens[k].form, opens=True)
    seg.end = s_end
    out.append(seg)
    return [g for g in out if g.start < g.end]


def _taa_misread(doc: _Doc, hit: Hit, index: PhraseIndex) -> bool:
    """A one-word hit read off a word written with ة by taking ه for a pronoun (`بعدة قذائف`,
    several shells, read as بعد + ه): the written word itself is not in the lexicon."""
    tok = doc.tokens[hit.start]
    if hit.end != hit.start + 1 or not tok.text.endswith("ة"):
        return False
    return not index.any_in([frozenset({tok.form})], 0, 1)


def _break_before(doc: _Doc, k: int) -> bool:
    """Clause punctuation between tokens k-1 and k."""
    return doc.breaks[k]


def _break_flags(text: str, tokens: Sequence[Token], starts: Sequence[int]) -> list[bool]:
    """For each token, whether clause punctuation stands between it and the token before."""
    flags = [False] * len(tokens)
    for m in _CLAUSE_BREAK_CHAR.finditer(text):
        pos = m.start()
        k = bisect_right(starts, pos)  # the first token starting after pos
        if 0 < k < len(tokens) and tokens[k - 1].end <= pos:
            flags[k] = True
    return flags


def _within(items: Sequence, starts: Sequence[int] | None, spans: Sequence[tuple[int, int]]) -> list:
    """The items (dates, places) whose start lies in one of the char `spans`, in their order."""
    ordered = starts is not None and all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1))
    if not ordered:
        return [x for x in items if any(c0 <= x.start < c1 for c0, c1 in spans)]
    out: list = []
    for c0, c1 in spans:
        out.extend(items[bisect_left(starts, c0) : bisect_left(starts, c1)])
    return out


def _sentence_candidates(doc: _Doc, index: int) -> list[_Candidate]:
    s_start, s_end = doc.sentence_tokens[index]
    if s_start >= s_end:
        return []
    rules = doc.rules
    if rules.lexicon("off_topic").any_in(doc.readings, s_start, s_end) or _denied(doc, s_start, s_end):
        return []
    hits = [h for h in _triggers(doc, s_start, s_end) if _applies(doc, h, s_start, s_end)]
    if not hits:
        return []
    new_topic = rules.lexicon("new_topic").any_in(doc.readings, s_start, min(s_end, s_start + 4))
    distinct = rules.lexicon("another_incident").any_in(doc.readings, s_start, min(s_end, s_start + 4))
    segments = _segments(doc, s_start, s_end)
    _cause_clauses(doc, segments, hits)
    news = [g for g in segments if not g.recounted]
    groups: list[list[_Segment]] = [news] if news else []
    recounted: list[list[_Segment]] = []
    for g in segments:
        if not g.recounted:
            continue
        if g.opens or not recounted or _own_incident(doc, g, hits):
            recounted.append([g])
        else:
            recounted[-1].append(g)
    groups.extend(recounted)
    out: list[_Candidate] = []
    for group in groups:
        in_group = [h for h in hits if any(g.start <= h.start < g.end for g in group)]
        if not in_group:
            continue
        cand = _candidate(doc, index, in_group, group)
        if cand is not None and not cand.aggregate and _lists_a_tally(doc, segments, group[0]):
            cand.aggregate = True
        if cand is not None:
            cand.new_topic = (new_topic or distinct) and not cand.recounted
            cand.distinct = distinct and not cand.recounted
            out.append(cand)
    return out


def _lists_a_tally(doc: _Doc, segments: list[_Segment], first: _Segment) -> bool:
    """`… خلال 11 مهمة، وشملت تدمير مخابئ`, `ضلوع الخلية في هجمات سابقة، شملت استهداف دورية`: a
    clause opened by an inclusion cue lists members of the tally in the clause before it, so it
    is part of that tally (aggregate), not an incident of its own."""
    k = segments.index(first)
    while k > 0 and first.recounted and not first.opens:  # a continuation of the list
        k -= 1
        first = segments[k]
    if k == 0 or not first.recounted:
        return False
    lex = doc.rules.lexicon
    if not lex("inclusion").any_in(doc.readings, first.start, min(first.end, first.start + 2)):
        return False
    before = segments[k - 1]
    return lex("aggregate").any_in(doc.readings, before.start, before.end)


def _own_incident(doc: _Doc, seg: _Segment, hits: list[Hit]) -> bool:
    """A continuation clause in a list of earlier incidents that names its own place and trigger."""
    c0, c1 = _char_span(doc, seg.start, seg.end)
    has_place = any(c0 <= p.start < c1 for p in doc.places)
    return has_place and any(seg.start <= h.start < seg.end for h in hits)


def _triggers(doc: _Doc, start: int, end: int) -> list[Hit]:
    """Trigger hits in tokens [start, end), minus those inside a fixed name (`فض الاشتباك`)."""
    hits = doc.rules.triggers.find(doc.readings, start, end)
    if not hits:
        return hits
    names = doc.rules.lexicon("not_trigger").find(doc.readings, start, end)
    if not names:
        return hits
    return [h for h in hits if not any(n.start <= h.start < n.end for n in names)]


def _cause_clauses(doc: _Doc, segments: list[_Segment], hits: list[Hit]) -> None:
    """`قتل عنصران، فجر اليوم، إثر هجوم على حاجز`: a clause opened by a cause cue right after news
    clauses that only report casualties is the cause of those casualties, i.e. the news itself.
    That clause (and the clauses continuing it) are marked as news."""
    first = next((k for k, g in enumerate(segments) if g.recounted), None)
    if first is None or first == 0 or not segments[first].opens:
        return
    g = segments[first]
    if not any(h.start == g.start for h in doc.rules.lexicon("cause").find(doc.readings, g.start, g.end)):
        return
    news_start, news_end = segments[0].start, segments[first - 1].end
    if any(h.start < news_end and h.label not in _CASUALTY_RULES for h in hits):
        return
    lex = doc.rules.lexicon
    if not any(lex(kind).any_in(doc.readings, news_start, news_end) for kind in ("kill", "injure")):
        return
    g.recounted = False
    for later in segments[first + 1 :]:
        if later.opens:
            break
        later.recounted = False


def _denied(doc: _Doc, s_start: int, s_end: int) -> bool:
    """A sentence whose opening words deny something reports nothing."""
    return doc.rules.lexicon("negation").any_in(doc.readings, s_start, min(s_end, s_start + 4))


def _applies(doc: _Doc, hit: Hit, s_start: int, s_end: int) -> bool:
    """Rule conditions and modality: is this trigger a report of something that happened?"""
    rule = doc.rules.rules[hit.label]
    if rule.requires is not None and not rule.requires.any_in(doc.readings, s_start, s_end):
        return False
    if rule.vetoes is not None and rule.vetoes.any_in(doc.readings, s_start, s_end):
        return False
    if rule.purpose_blocks and _purpose_lam(doc.tokens[hit.start].form, doc.readings[hit.start]):
        return False
    return not _blocked(doc, hit.start, s_start)


def _purpose_lam(form: str, readings: frozenset[str]) -> bool:
    """`لاعتقال`, `ولتوقيف`: ل of purpose glued on a verbal noun."""
    return any(form.startswith(p) and form[len(p) :] in readings for p in ("ل", "ول", "فل"))


def _blocked(doc: _Doc, at: int, s_start: int) -> bool:
    """A negation/future/plan/threat/condition word shortly before `at`, in the same clause."""
    start = max(s_start, at - _BLOCK_WINDOW)
    for k in range(at - 1, start, -1):
        if _break_before(doc, k):
            start = k
            break
    if start >= at:
        return False
    return any(doc.rules.lexicon(name).any_in(doc.readings, start, at) for name in _BLOCKERS)


def _candidate(doc: _Doc, sentence: int, hits: list[Hit], group: list[_Segment]) -> _Candidate | None:
    rules = doc.rules
    best: tuple[int, int, Rule, str, Hit] | None = None
    for h in hits:
        rule = rules.rules[h.label]
        sub = _sub_event(doc, rule, group[0].start, group[-1].end, h)
        if sub is None:
            continue
        key = (rule.priority, -h.start)
        if best is None or key > best[:2]:
            best = (rule.priority, -h.start, rule, sub, h)
    if best is None:
        return None
    spans = [_char_span(doc, g.start, g.end) for g in group]
    trigger_at = doc.tokens[best[4].start].start
    dates = [d for d in _within(doc.dates, doc.date_starts, spans) if _plausible_date(doc, d)]
    # The clause's own incident date first; the day a statement was made only when it is all.
    dates.sort(key=lambda d: (d.start in doc.said_on, abs(d.start - trigger_at)))
    return _Candidate(
        rule=best[2],
        sub_event_type=best[3],
        sentence=sentence,
        start=group[0].start,
        end=group[-1].end,
        recounted=group[0].recounted,
        dates=dates,
        places=[p for p in _within(doc.places, doc.place_starts, spans) if not _in_dateline(doc, p)],
        aggregate=any(rules.lexicon("aggregate").any_in(doc.readings, g.start, g.end) for g in group),
        spans=[(g.start, g.end) for g in group],
        cue=group[0].cue,
        said=doc.said_on,
    )


def _in_dateline(doc: _Doc, mention: PlaceMention) -> bool:
    return mention.end <= doc.dateline_end


def _dateline_end(text: str) -> int:
    """End of a dateline such as `واشنطن - دمشق في 13 ديسمبر/ وام /` or `اللاذقية (سوريا) (رويترز) –`:
    the last dash, slash or closing bracket in the first 60 characters, if the opening is short."""
    head = text[:60]
    cut = max(head.rfind(ch) for ch in "-–—/)")
    if cut <= 0 or len(head[:cut].split()) > 9:
        return 0
    return cut


def _sub_event(doc: _Doc, rule: Rule, start: int, end: int, hit: Hit) -> str | None:
    """The rule's sub-event, decided by who was hit when the rule depends on it: the victims
    (words right after the attack word or a kill/injure word) first, a security member among them
    winning; else any target word in the clause, security first."""
    if not rule.targets:
        return rule.sub_event_type
    targets = dict(rule.targets)
    lex = doc.rules.lexicon
    windows = [(hit.end, min(end, hit.end + _VICTIM_WINDOW))]
    for name in ("kill", "injure"):
        windows.extend((h.end, min(end, h.end + _VICTIM_WINDOW)) for h in lex(name).find(doc.readings, start, end))
    if any(lex("security_target").any_in(doc.readings, a, b) for a, b in windows):
        return targets.get("security", rule.sub_event_type)
    if any(lex("civilian_target").any_in(doc.readings, a, b) for a, b in windows):
        return targets.get("civilian", rule.sub_event_type)
    if lex("security_target").any_in(doc.readings, start, end):
        return targets.get("security", rule.sub_event_type)
    if lex("civilian_target").any_in(doc.readings, start, end):
        return targets.get("civilian", rule.sub_event_type)
    return None if rule.requires_target else rule.sub_event_type


def _plausible_date(doc: _Doc, mention: object) -> bool:
    d = mention.date  # type: ignore[attr-defined]
    if d is None:
        return False
    return doc.published is None or d <= doc.published + timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Candidates → incidents


def _admin1s(places: Sequence[PlaceMention]) -> set[str]:
    return {p.place.admin1_pcode for p in places if p.place.admin1_pcode and not p.outside_syria}


def _dates_agree(a: object | None, b: object | None) -> bool:
    if a is None or b is None:
        return True
    tolerance = {1: 1, 2: 4, 3: 16}.get(max(a.precision, b.precision), 1)  # type: ignore[attr-defined]
    return abs((a.date - b.date).days) <= tolerance  # type: ignore[attr-defined]


def _fits(incident: _Incident, cand: _Candidate) -> bool:
    if incident.aggregate != cand.aggregate:
        return False
    if not _dates_agree(incident.date(), cand.dates[0] if cand.dates else None):
        return False
    mine, theirs = incident.admin1s(), _admin1s(cand.places)
    return not (mine and theirs and not mine & theirs)


def _part_of(incident: _Incident, cand: _Candidate) -> bool:
    """A recounted clause with no date of its own and no place the incident does not already
    name is background of that same operation (`بعد اعتقال عضوين` in a raid)."""
    if cand.dates or cand.aggregate != incident.aggregate:
        return False
    if cand.sub_event_type not in _OPERATION_PARTS and cand.rule.id != incident.lead.rule.id:
        return False
    known = {p.place.pcode for c in incident.candidates for p in c.places}
    return all(p.place.pcode in known for p in cand.places)


def _joins_news(doc: _Doc, current: _Incident, cand: _Candidate) -> bool:
    if not cand.recounted or _absorbs(doc, current, cand):
        return _fits(current, cand) and not _other_day_other_type(doc, current, cand)
    return _part_of(current, cand)


def _other_day_other_type(doc: _Doc, incident: _Incident, cand: _Candidate) -> bool:
    """A clause dated another day that reports another type of event is another incident
    (`ألقت القبض على خمسة …` today, `وقتل ثلاثة إثر كمين، أمس السبت`)."""
    mine, theirs = incident.date(), cand.dates[0] if cand.dates else None
    if mine is None or theirs is None or mine.date == theirs.date:  # type: ignore[attr-defined]
        return False
    return not (_incident_types(doc, incident) & _candidate_types(doc, cand))


def _absorbs(doc: _Doc, incident: _Incident, cand: _Candidate) -> bool:
    """The incident's type takes in the candidate's (a battle takes in its shelling)."""
    return cand.sub_event_type in doc.rules.subsumes.get(_incident_sub(doc, incident), frozenset())


def _group(doc: _Doc, candidates: list[_Candidate]) -> list[_Incident]:
    incidents: list[_Incident] = []
    current: _Incident | None = None  # the incident news clauses are about
    for cand in candidates:
        target: _Incident | None = None
        if current is not None and not cand.new_topic and _joins_news(doc, current, cand):
            target = current
        if target is None and not cand.distinct:
            types = _candidate_types(doc, cand)
            same = [i for i in incidents if _incident_types(doc, i) & types and _fits(i, cand)]
            target = same[-1] if same else None
        if target is None:
            target = _Incident([cand], recounted=cand.recounted, aggregate=cand.aggregate)
            incidents.append(target)
        else:
            target.candidates.append(cand)
        if not cand.recounted:
            current = target
    return incidents


def _drop_background(doc: _Doc, incidents: list[_Incident]) -> list[_Incident]:
    """Background is not news: an incident made only of recounted clauses that answers nothing
    datable (`ردا على الهجوم الذي ...` with no date of its own), names the earlier operation the
    news continues (`امتدادا لعملية … التي أطلقت في …`) or speaks of a period
    rather than a day (`منذ ثلاثة أيام`, `خلال الأشهر الماضية`) is dropped while the article
    reports another incident. Tallies (aggregate) are kept. Other undated recounts stay: an
    earlier killing a raid uncovered is an event of its own."""
    if len(incidents) < 2:
        return incidents
    kept = [i for i in incidents if not _is_background(doc, i)]
    return kept or incidents


def _is_background(doc: _Doc, incident: _Incident) -> bool:
    if not incident.recounted or incident.aggregate or any(not c.recounted for c in incident.candidates):
        return False
    if incident.date() is None and any(_opened_by(doc, c, "answered") for c in incident.candidates):
        return True
    if any(_opened_by(doc, c, "continues") for c in incident.candidates):
        return True
    return any(_speaks_of_period(doc, lo, hi) for c in incident.candidates for lo, hi in c.spans)


def _opened_by(doc: _Doc, cand: _Candidate, lexicon: str) -> bool:
    """The candidate's first clause opens with a word of `lexicon` (`ردا على`, `امتدادا ل`)."""
    lo, hi = cand.spans[0]
    return doc.rules.lexicon(lexicon).any_in(doc.readings, lo, min(hi, lo + 2))


_PERIOD_REACH = 3  # tokens from `منذ` / `خلال` to the unit of time (`منذ ثلاثة أيام`)


def _speaks_of_period(doc: _Doc, lo: int, hi: int) -> bool:
    """`منذ ثلاثة أيام`, `خلال الأشهر الماضية`: a span of time (lexicons period_cue + period_unit)."""
    lex = doc.rules.lexicon
    for cue in lex("period_cue").find(doc.readings, lo, hi):
        if lex("period_unit").any_in(doc.readings, cue.end, min(hi, cue.end + _PERIOD_REACH)):
            return True
    return False


def _candidate_types(doc: _Doc, cand: _Candidate) -> set[str]:
    modified = _modified(doc, cand.sub_event_type, [cand])
    return {doc.rules.event_type(cand.sub_event_type), doc.rules.event_type(modified)}


def _incident_types(doc: _Doc, incident: _Incident) -> set[str]:
    return {doc.rules.event_type(incident.lead.sub_event_type), doc.rules.event_type(_incident_sub(doc, incident))}


def _incident_sub(doc: _Doc, incident: _Incident) -> str:
    """Sub-event type: the lead's, absorbed by a dominant type present, then modifiers applied."""
    sub = incident.lead.sub_event_type
    present = {c.sub_event_type for c in incident.candidates}
    for dominant, absorbed in doc.rules.subsumes.items():
        if sub in absorbed and dominant in present:
            sub = dominant
    return _modified(doc, sub, incident.candidates)


def _modified(doc: _Doc, sub: str, candidates: Sequence[_Candidate]) -> str:
    for mod in doc.rules.modifiers:
        if mod.source != sub:
            continue
        if mod.rule is not None and (not candidates or candidates[0].rule.id != mod.rule):
            continue
        if mod.unless is not None and candidates:
            lo, hi = doc.sentence_tokens[candidates[0].sentence]
            if mod.unless.any_in(doc.readings, lo, hi):
                continue
        if mod.within is not None:
            if not candidates:
                continue
            lo, hi = doc.sentence_tokens[candidates[0].sentence]
            if not mod.within.any_in(doc.readings, lo, hi):
                continue
        if mod.scope == "article":
            ranges = [(0, len(doc.tokens))]
        else:
            ranges = [doc.sentence_tokens[c.sentence] for c in candidates]
        if any(mod.cues.any_in(doc.readings, lo, hi) for lo, hi in ranges):
            sub = mod.target
    return sub


# --------------------------------------------------------------------------------------------
# Incident → EventReport


def _split_by_governorate(doc: _Doc, incident: _Incident) -> list[_Incident]:
    """Protests and riots named in several governorates are one event per governorate."""
    if doc.rules.event_type(_incident_sub(doc, incident)) not in _SPLIT_TYPES:
        return [incident]
    order: list[str] = []
    for c in incident.candidates:
        for p in c.places:
            gov = p.place.admin1_pcode
            if gov and not p.outside_syria and gov not in order:
                order.append(gov)
    if len(order) < 2:
        return [incident]
    parts = []
    for gov in order:
        cands = [replace(c, places=[p for p in c.places if p.place.admin1_pcode == gov]) for c in incident.candidates]
        parts.append(_Incident(cands, incident.recounted, incident.aggregate))
    return parts


def _report(doc: _Doc, incident: _Incident, incidents: Sequence[_Incident]) -> EventReport | None:
    sub = _incident_sub(doc, incident)
    event_date, precision = _incident_date(doc, incident, incidents)
    too_old = event_date and doc.published and (doc.published - event_date).days > _HISTORY_DAYS
    if too_old and not incident.aggregate:
        return None
    place = _incident_place(doc, incident)
    counts = incident_counts(
        doc.text, doc.tokens, doc.readings, doc.counts, _regions(incident), _count_words(doc), doc.token_starts
    )
    actors = _actors(doc, incident)
    evidence = _evidence(doc, incident)
    article = doc.article
    return EventReport(
        article_url=article.url,
        outlet=article.outlet,
        event_type=doc.rules.event_type(sub),
        sub_event_type=sub,
        disorder_type=doc.rules.disorder_type(sub),
        event_date=event_date,
        time_precision=precision,
        place=place,
        actor1=actors[0],
        actor2=actors[1],
        inter1=actors[2],
        inter2=actors[3],
        interaction=actors[4],
        civilian_targeting=sub in _CIVILIAN_SUBS or actors[1] == _CIVILIANS,
        fatalities=counts.get("kill"),
        injured=counts.get("injure"),
        arrested=counts.get("arrest"),
        aggregate=incident.aggregate,
        evidence=evidence,
        confidence=_confidence(incident, event_date, place, counts),
        published=article.published,
        notes="recounted" if incident.recounted else "",
    )


def _regions(incident: _Incident) -> list[tuple[int, int]]:
    return [span for c in incident.candidates for span in c.spans]


def _count_words(doc: _Doc) -> CountWords:
    lex = doc.rules.lexicon
    return CountWords(
        kill=lex("kill"),
        injure=lex("injure"),
        arrest=lex("arrest"),
        not_people=lex("not_people"),
        not_people_before=lex("not_people_before"),
        singular=lex("singular_person"),
        companion=lex("companion"),
    )


def _incident_date(doc: _Doc, incident: _Incident, incidents: Sequence[_Incident]) -> tuple[date | None, int]:
    """Its own date; for `غداة X` the day before the news date; else the sentence's date when the
    sentence's news clause has no event; else the publication day when the incident is the
    article's news (recency implied); a recounted incident with no date of its own stays None."""
    own = incident.date()
    if own is not None:
        return own.date, own.precision  # type: ignore[attr-defined]
    lead = incident.lead
    if lead.recounted:
        sentence_dates = _sentence_dates(doc, lead.sentence)
        if sentence_dates and lead.cue in _DAY_BEFORE_CUES:
            return sentence_dates[0].date - timedelta(days=1), sentence_dates[0].precision
        if sentence_dates and not _news_clause_has_event(doc, lead):
            return sentence_dates[0].date, sentence_dates[0].precision
        if any(not i.recounted for i in incidents) or incident is not incidents[0]:
            return None, 1
    if doc.published is None:
        return None, 1
    return doc.published, 1


def _sentence_dates(doc: _Doc, sentence: int) -> list:
    s = doc.sentences[sentence]
    return [d for d in doc.dates if s.start <= d.start < s.end and _plausible_date(doc, d)]


def _news_clause_has_event(doc: _Doc, cand: _Candidate) -> bool:
    s_start, _ = doc.sentence_tokens[cand.sentence]
    hits = _triggers(doc, s_start, cand.start)
    return any(_applies(doc, h, s_start, cand.start) for h in hits)


def _incident_place(doc: _Doc, incident: _Incident) -> Place | None:
    """resolve_place on the places of the incident's own clauses; when they span several
    governorates, strikes and operations get the country (admin1 None) and other incidents the
    first governorate named. With no clause place: the article's places for the article's news,
    the dateline last; a recounted incident takes its sentence's place when the sentence's news
    is no event, else it gets none."""
    gaz = doc.gazetteer
    places = [p for c in incident.candidates for p in c.places]
    govs: list[str] = []
    for p in places:
        gov = p.place.admin1_pcode
        if gov and not p.outside_syria and gov not in govs:
            govs.append(gov)
    if len(govs) > 1:
        if _incident_sub(doc, incident) in _COUNTRY_WIDE_SUBS:
            return place_by_pcode(gaz, "SY")
        places = [p for p in places if p.place.admin1_pcode == govs[0]]
    if places:
        return resolve_place(places, gaz, doc.article.dateline, context=doc.places)
    if not incident.is_only and _incident_sub(doc, incident) == "Air/drone strike":
        # An air campaign whose own sentences name no place, in an article about other things
        # too: the other places are not its targets (`بالتنسيق مع دمشق` names a government).
        return place_by_pcode(gaz, "SY")
    if incident.recounted and not incident.is_only:
        lead = incident.lead
        if _news_clause_has_event(doc, lead):
            return None
        sentence = doc.sentences[lead.sentence]
        around = [p for p in doc.places if sentence.start <= p.start < sentence.end and not _in_dateline(doc, p)]
        return resolve_place(around, gaz, None, context=doc.places) if around else None
    return _article_place(doc)


def _article_place(doc: _Doc) -> Place | None:
    """The article's place: the most specific one in the governorate named first."""
    syrian = [p for p in doc.places if p.place.admin1_pcode and not p.outside_syria and not _in_dateline(doc, p)]
    if syrian:
        first = syrian[0].place.admin1_pcode
        return resolve_place([p for p in syrian if p.place.admin1_pcode == first], doc.gazetteer)
    return resolve_place(doc.places, doc.gazetteer, doc.article.dateline)


def _actors(doc: _Doc, incident: _Incident) -> tuple[str | None, str | None, int | None, int | None, int | None]:
    """(actor1, actor2, inter1, inter2, interaction): the first two distinct actors named in the
    lead clause (then its sentence); civilians as actor2 for attacks on civilians."""
    lead = incident.lead
    c0, c1 = _char_span(doc, lead.start, lead.end)
    sentence = doc.sentences[lead.sentence]
    names: list[tuple[str, int]] = []
    for lo, hi in ((c0, c1), (sentence.start, sentence.end)):
        for m in _actors_in(doc, lo, hi):
            if m.name not in [n for n, _ in names]:
                names.append((m.name, m.inter))
        if len(names) >= 2:
            break
    participant = _participant(doc, lead.start, lead.end)
    if participant is not None:
        names = [participant] + [n for n in names if n[0] != participant[0]]
    sub = _incident_sub(doc, incident)
    a1: tuple[str | None, int | None] = names[0] if names else (None, None)
    a2: tuple[str | None, int | None] = names[1] if len(names) > 1 else (None, None)
    if sub in _CIVILIAN_SUBS and a2[0] is None:
        a2 = (_CIVILIANS, 7)
    return a1[0], a2[0], a1[1], a2[1], interaction_code(a1[1], a2[1])


_PARTICIPANT_REACH = 2  # tokens from a taking-part word to the state that took part


def _participant(doc: _Doc, start: int, end: int) -> tuple[str, int] | None:
    """The state a taking-part word names in tokens [start, end) (`شارك الأردن في الضربات`,
    `بمشاركة تركيا`): the striker, whatever group the strikes targeted. One- or two-word names."""
    states = load_actors().states
    if not states:
        return None
    for hit in doc.rules.lexicon("participation").find(doc.readings, start, end):
        for k in range(hit.end, min(hit.end + _PARTICIPANT_REACH, end)):
            forms = set(doc.readings[k])
            if k + 1 < end:
                forms |= {f"{a} {b}" for a in doc.readings[k] for b in doc.readings[k + 1]}
            for form in forms:
                entry = states.get(form)
                if entry is not None:
                    return entry.name, entry.inter
    return None


def _actors_in(doc: _Doc, lo: int, hi: int) -> list[ActorMention]:
    """find_actors(doc.text[lo:hi]) read off the article's tokens (offsets into doc.text)."""
    starts = doc.token_starts
    first, last = _bisect(starts, lo), _bisect(starts, hi)
    tokens = doc.tokens
    crossing = (first > 0 and tokens[first - 1].end > lo) or (last > first and tokens[last - 1].end > hi)
    if crossing:  # a token runs over the edge: tokenize the piece itself, as find_actors would
        return find_actors(doc.text[lo:hi])
    return find_actors_in_tokens(doc.text, tokens[first:last])


def _evidence(doc: _Doc, incident: _Incident) -> list[Evidence]:
    seen: list[int] = []
    for c in incident.candidates:
        if c.sentence not in seen:
            seen.append(c.sentence)
    return [doc.sentences[i] for i in seen]


def _confidence(incident: _Incident, event_date: date | None, place: Place | None, counts: dict[str, Count]) -> float:
    score = 0.35 + min(incident.lead.rule.priority, 80) / 400
    score += 0.15 if incident.date() is not None else (0.05 if event_date else 0.0)
    score += 0.15 if place is not None and place.admin1 else 0.0
    score += 0.05 if counts else 0.0
    score += 0.05 * min(len(incident.candidates) - 1, 2)
    if incident.recounted:
        score *= 0.85
    return round(min(score, 0.95), 2)
