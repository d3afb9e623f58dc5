-- Lineage: the datasets a run used (by fingerprint) and where model versions were deployed.
CREATE TABLE datasets (
    dataset_id  INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    row_count   INTEGER NOT NULL,
    schema_text TEXT    NOT NULL,
    UNIQUE (name, hash)
);

CREATE TABLE run_datasets (
    run_id     TEXT    NOT NULL REFERENCES runs (run_id),
    dataset_id INTEGER NOT NULL REFERENCES datasets (dataset_id),
    context    TEXT    NOT NULL,
    PRIMARY KEY (run_id, dataset_id, context)
);

CREATE TABLE deployments (
    deployment_id INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    target        TEXT    NOT NULL,
    deployed_at   INTEGER NOT NULL,
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
);
