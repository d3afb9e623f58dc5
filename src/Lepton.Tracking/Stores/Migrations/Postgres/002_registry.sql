-- The model registry: named models, numbered versions pointing back to runs, movable aliases.
CREATE TABLE registered_models (
    name         TEXT    PRIMARY KEY,
    description  TEXT,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    last_version BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE model_versions (
    name          TEXT    NOT NULL REFERENCES registered_models (name),
    version       BIGINT  NOT NULL,
    run_id        TEXT    REFERENCES runs (run_id),
    artifact_hash TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    description   TEXT,
    created_at    BIGINT  NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE TABLE model_aliases (
    name       TEXT    NOT NULL,
    alias      TEXT    NOT NULL,
    version    BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
);
