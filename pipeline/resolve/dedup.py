"""One record per fact (placeholder: exact keys only, no supersession)."""

from __future__ import annotations

from pipeline.records import (
    Article,
    ClaimRecord,
    DatasetRecord,
    EventRecord,
    Extraction,
    ResultRecord,
    stable_id,
)


def build_records(articles: list[Article], extractions: list[Extraction], entities) -> list[DatasetRecord]:
    dates = {a.id: a.date for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    out: list[DatasetRecord] = []
    for ext in sorted(extractions, key=lambda e: order[e.article_id]):
        event_ids = []
        for ev in ext.events:
            eid = stable_id("event", ev.kind, ev.office, ev.country, ev.date)
            event_ids.append(eid)
            out.append(EventRecord(eid, (ext.article_id,), (ev.mention,), ev.kind, ev.office, ev.qualifier,
                                   entities.canonical(ev.country), ev.date, ev.candidates_declared))
        for r in ext.results:
            event_id = event_ids[r.event_index] if r.event_index is not None and r.event_index < len(event_ids) else None
            rid = stable_id("result", event_id, r.source, r.candidate, r.metric, r.coverage, r.value)
            out.append(ResultRecord(rid, (ext.article_id,), (r.mention,), event_id, entities.canonical(r.candidate),
                                    r.value, r.unit, r.metric, entities.canonical(r.source), r.source_kind,
                                    r.coverage, dates[ext.article_id]))
        for c in ext.claims:
            cid = stable_id("claim", c.speaker, c.text)
            out.append(ClaimRecord(cid, (ext.article_id,), (c.mention,), entities.canonical(c.speaker),
                                   c.speaker_role, entities.canonical(c.speaker_org), c.text, c.quote, c.cue, c.date))
    return out
