-- core.dim_outlet — grain: one news outlet (with or without a spider).
CREATE TABLE core.dim_outlet (
    outlet        text PRIMARY KEY,
    display_name  text NOT NULL,
    domain        text,
    has_spider    boolean NOT NULL DEFAULT false,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE core.dim_outlet IS 'Grain: one news outlet. has_spider is false for outlets known only from ingested files.';

-- core.dim_place — grain: one gazetteer unit (governorate, district, subdistrict or town).
CREATE TABLE core.dim_place (
    pcode         text PRIMARY KEY,
    level         int  NOT NULL CHECK (level BETWEEN 1 AND 4),
    name_en       text NOT NULL,
    name_ar       text NOT NULL,
    parent_pcode  text,
    admin1        text,
    admin2        text,
    admin3        text,
    latitude      double precision NOT NULL,
    longitude     double precision NOT NULL
);
CREATE INDEX dim_place_admin1 ON core.dim_place (admin1);
COMMENT ON TABLE core.dim_place IS 'Grain: one administrative unit or town of Syria (OCHA p-codes for levels 1-3, GeoNames ids for towns). Sources: OpenSyria, UN OCHA via HDX, geoBoundaries, GeoNames.';
COMMENT ON COLUMN core.dim_place.level IS '1 governorate, 2 district, 3 subdistrict, 4 town.';

-- core.dim_actor — grain: one actor name as coded in events.
CREATE TABLE core.dim_actor (
    actor         text PRIMARY KEY,
    inter_code    int,
    description   text NOT NULL DEFAULT ''
);
COMMENT ON TABLE core.dim_actor IS 'Grain: one actor (ACLED-style name) with its ACLED inter code (1 state, 2 rebel, 3 political militia, 4 identity militia, 5 rioters, 6 protesters, 7 civilians, 8 external/other).';

-- core.dim_date — grain: one calendar day.
CREATE TABLE core.dim_date (
    day           date PRIMARY KEY,
    year          int  NOT NULL,
    month         int  NOT NULL,
    iso_week      int  NOT NULL,
    week_start    date NOT NULL,
    month_start   date NOT NULL,
    weekday       int  NOT NULL
);
INSERT INTO core.dim_date
SELECT d::date, extract(year FROM d)::int, extract(month FROM d)::int, extract(week FROM d)::int,
       date_trunc('week', d)::date, date_trunc('month', d)::date, extract(isodow FROM d)::int
FROM generate_series('2011-01-01'::date, '2035-12-31'::date, interval '1 day') AS d;
COMMENT ON TABLE core.dim_date IS 'Grain: one calendar day, 2011-2035, for calendar joins (weeks start Monday).';

-- core.fact_event — grain: one deduplicated incident.
CREATE TABLE core.fact_event (
    event_uid           text PRIMARY KEY,
    event_seq           bigserial UNIQUE,
    event_date          date,
    time_precision      int  NOT NULL CHECK (time_precision BETWEEN 1 AND 3),
    disorder_type       text NOT NULL,
    event_type          text NOT NULL,
    sub_event_type      text NOT NULL,
    actor1              text,
    assoc_actor_1       text,
    inter1              int,
    actor2              text,
    assoc_actor_2       text,
    inter2              int,
    interaction         int,
    civilian_targeting  boolean NOT NULL DEFAULT false,
    country             text NOT NULL DEFAULT 'Syria',
    iso                 int  NOT NULL DEFAULT 760,
    admin1              text,
    admin2              text,
    admin3              text,
    location            text,
    location_ar         text,
    pcode               text,
    latitude            double precision,
    longitude           double precision,
    geo_precision       int CHECK (geo_precision BETWEEN 1 AND 3),
    fatalities          int CHECK (fatalities >= 0),
    fatalities_min      int,
    fatalities_max      int,
    injured             int CHECK (injured >= 0),
    injured_min         int,
    injured_max         int,
    arrested            int CHECK (arrested >= 0),
    arrested_min        int,
    arrested_max        int,
    aggregate           boolean NOT NULL DEFAULT false,
    source_count        int NOT NULL DEFAULT 0,
    article_count       int NOT NULL DEFAULT 0,
    confidence          real,
    notes               text NOT NULL DEFAULT '',
    first_reported_at   timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fact_event_date ON core.fact_event (event_date);
CREATE INDEX fact_event_admin1_date ON core.fact_event (admin1, event_date);
CREATE INDEX fact_event_type_date ON core.fact_event (event_type, event_date);
COMMENT ON TABLE core.fact_event IS 'Grain: one deduplicated incident. Canonical values chosen from its reports: most specific place, most precise date, the count most sources give (with the min and max reported).';
COMMENT ON COLUMN core.fact_event.event_uid IS 'Stable identifier: never changes once published, even when later reports refine the event.';
COMMENT ON COLUMN core.fact_event.time_precision IS 'ACLED: 1 the exact day is known, 2 the week, 3 only the month.';
COMMENT ON COLUMN core.fact_event.geo_precision IS 'ACLED: 1 the town itself, 2 near a town / within a district, 3 only the governorate or region.';
COMMENT ON COLUMN core.fact_event.fatalities IS 'Reported deaths: the value most sources give; see fatalities_min/max for the spread.';
COMMENT ON COLUMN core.fact_event.aggregate IS 'True for tallies over many incidents or a long period: exclude from single-event analysis.';
COMMENT ON COLUMN core.fact_event.source_count IS 'Distinct outlets reporting the event (like GDELT NumSources).';
COMMENT ON COLUMN core.fact_event.article_count IS 'Distinct articles reporting the event (like GDELT NumArticles).';

-- core.event_report — grain: one article's account of one event.
CREATE TABLE core.event_report (
    article_id          bigint NOT NULL REFERENCES staging.article,
    report_index        int    NOT NULL,
    event_uid           text   NOT NULL REFERENCES core.fact_event,
    url                 text   NOT NULL,
    outlet              text   NOT NULL,
    published_at        timestamptz,
    event_type          text   NOT NULL,
    sub_event_type      text   NOT NULL,
    event_date          date,
    time_precision      int    NOT NULL,
    location            text,
    location_ar         text,
    pcode               text,
    admin1              text,
    geo_precision       int,
    actor1              text,
    actor2              text,
    fatalities          int,
    fatalities_approx   boolean NOT NULL DEFAULT false,
    injured             int,
    arrested            int,
    evidence            text   NOT NULL,
    evidence_start      int    NOT NULL,
    evidence_end        int    NOT NULL,
    confidence          real   NOT NULL,
    PRIMARY KEY (article_id, report_index)
);
CREATE INDEX event_report_event ON core.event_report (event_uid);
COMMENT ON TABLE core.event_report IS 'Grain: one article x one event: what that source said (its date, place, counts) and the evidence sentence, as offsets into staging.article.body.';

-- core.article_link — grain: one pair of near-duplicate or identical articles.
CREATE TABLE core.article_link (
    article_id      bigint NOT NULL REFERENCES staging.article,
    duplicate_of    bigint NOT NULL REFERENCES staging.article,
    kind            text   NOT NULL CHECK (kind IN ('exact', 'near')),
    similarity      real   NOT NULL,
    PRIMARY KEY (article_id, duplicate_of)
);
COMMENT ON TABLE core.article_link IS 'Grain: one article linked to an earlier article it duplicates (exact: same text; near: syndicated or lightly edited copy). Linked, never deleted.';
