-- core.event_report ← staging.event_report_row: every assigned report of the batch's events
-- (remove_replaced_reports cleared their places first).
INSERT INTO core.event_report (
    article_id, report_index, event_uid, url, outlet, published_at, event_type, sub_event_type,
    event_date, time_precision, location, location_ar, pcode, admin1, geo_precision, actor1,
    actor2, fatalities, fatalities_approx, injured, arrested, evidence, evidence_start,
    evidence_end, confidence
)
SELECT
    r.article_id, r.report_index, r.event_uid, r.url, r.outlet, r.published_at, r.event_type,
    r.sub_event_type, r.event_date, r.time_precision, r.location, r.location_ar, r.pcode, r.admin1,
    r.geo_precision, r.actor1, r.actor2, r.fatalities, r.fatalities_approx, r.injured, r.arrested,
    r.evidence, r.evidence_start, r.evidence_end, r.confidence
FROM staging.event_report_row r
JOIN load_batch USING (event_uid);
