-- A dataset's profile (counts, spread, percentiles, frequent values per column, as JSON), one per content hash: the
-- same content has the same profile whatever name a run gave it. The dashboard's Data page shows it and compares two.
CREATE TABLE dataset_profiles (
    hash        TEXT    PRIMARY KEY,
    profile     TEXT    NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX datasets_by_hash ON datasets (hash);
CREATE INDEX run_datasets_by_dataset ON run_datasets (dataset_id);
