-- Access roles. Both are NOLOGIN group roles: people and services log in as users that are
-- members of them, created by etl/roles.py from environment variables, so no password is ever
-- in this repository.
--   analyst  reads core and marts, nothing else, and cannot write anywhere
--   etl      reads and writes raw, staging, core and ops, reads marts
-- Roles are cluster-wide: another database on the same server may already have created them
-- (or be creating them concurrently), hence the existence checks and duplicate_object handlers.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') THEN
        BEGIN
            CREATE ROLE analyst NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created by a concurrent migration of another database
        END;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'etl') THEN
        BEGIN
            CREATE ROLE etl NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

-- analyst: read-only on core and marts. Schemas raw, staging and ops get no USAGE, so not even
-- their table names resolve. Mart views run with their owner's rights, so analysts still see
-- marts.pipeline_freshness, which summarises raw and ops.
GRANT USAGE ON SCHEMA core, marts TO analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA core, marts TO analyst;

-- etl: everything the pipeline writes. Sequences need USAGE for bigserial defaults.
GRANT USAGE ON SCHEMA raw, staging, core, ops, marts TO etl;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA raw, staging, core, ops TO etl;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA raw, staging, core, ops TO etl;
GRANT SELECT ON ALL TABLES IN SCHEMA marts TO etl;

-- Future tables, and the mart views that migrate() drops and re-creates whenever a view file
-- changes, get the same grants. Default privileges apply to objects created by the role that
-- runs this migration, which is the role that owns and migrates the warehouse.
ALTER DEFAULT PRIVILEGES IN SCHEMA core, marts GRANT SELECT ON TABLES TO analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA raw, staging, core, ops
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO etl;
ALTER DEFAULT PRIVILEGES IN SCHEMA raw, staging, core, ops
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO etl;
ALTER DEFAULT PRIVILEGES IN SCHEMA marts GRANT SELECT ON TABLES TO etl;

COMMENT ON ROLE analyst IS 'syria-events: read-only access to core and marts. Log in as a member created by etl.roles.create_login.';
COMMENT ON ROLE etl IS 'syria-events: pipeline writer (raw, staging, core, ops; reads marts).';
