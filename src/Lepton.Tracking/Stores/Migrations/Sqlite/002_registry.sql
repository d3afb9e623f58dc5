-- The model registry: named models, numbered versions pointing back to runs, movable aliases.
CREATE TABLE registered_models (
    name         TEXT    PRIMARY KEY,
    description  TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    last_version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE model_versions (
    name          TEXT    NOT NULL REFERENCES registered_models (name),
    version       INTEGER NOT NULL,
    run_id        TEXT    REFERENCES runs (run_id),
    artifact_hash TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    description   TEXT,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE TABLE model_aliases (
    name       TEXT    NOT NULL,
    alias      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
);
