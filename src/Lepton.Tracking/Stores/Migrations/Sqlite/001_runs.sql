-- Experiments, runs, parameters, tags, metric series and artifact records.
-- Times are Unix milliseconds (UTC). A NULL metric value is NaN: SQLite cannot store NaN in a REAL.
CREATE TABLE experiments (
    experiment_id INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    description   TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE runs (
    run_id        TEXT    PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    start_time    INTEGER NOT NULL,
    end_time      INTEGER,
    heartbeat     INTEGER NOT NULL,
    source        TEXT,
    git_commit    TEXT,
    host          TEXT    NOT NULL,
    process_id    INTEGER NOT NULL,
    environment   TEXT    NOT NULL
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE params (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE TABLE tags (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE TABLE metrics (
    run_id      TEXT    NOT NULL REFERENCES runs (run_id),
    key         TEXT    NOT NULL,
    step        INTEGER NOT NULL,
    epoch       INTEGER,
    measured_at INTEGER NOT NULL,
    value       REAL
);
CREATE INDEX metrics_by_series ON metrics (run_id, key, step);

CREATE TABLE latest_metrics (
    run_id      TEXT    NOT NULL REFERENCES runs (run_id),
    key         TEXT    NOT NULL,
    step        INTEGER NOT NULL,
    epoch       INTEGER,
    measured_at INTEGER NOT NULL,
    value       REAL,
    PRIMARY KEY (run_id, key)
);

CREATE TABLE artifacts (
    run_id     TEXT    NOT NULL REFERENCES runs (run_id),
    path       TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, path)
);
