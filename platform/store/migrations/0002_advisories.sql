-- Known vulnerabilities (OSV advisories) imported with
-- `sqreen-platform vulns import FILE`, shared by every replica. Each
-- advisory is kept as the OSV JSON document it came as, under its id; a
-- later import replaces the documents it carries. advisory_imports records
-- each import: its id is the version replicas compare to reload.

CREATE TABLE advisories (
    id TEXT PRIMARY KEY,
    modified TEXT NOT NULL DEFAULT '',
    doc TEXT NOT NULL,
    import_id BIGINT NOT NULL
);

CREATE TABLE advisory_imports (
    id {{id}},
    imported_at BIGINT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    advisories BIGINT NOT NULL
);
