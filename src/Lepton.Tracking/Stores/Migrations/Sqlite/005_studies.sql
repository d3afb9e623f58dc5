-- Hyperparameter studies and their trials (lepton tune), shared by parallel workers.
-- A trial's number is handed out from its study's trial_count in the transaction that inserts it, so numbers are
-- 0, 1, 2, … with no gap or repeat across processes. Times are Unix milliseconds (UTC); a NULL value is NaN.
CREATE TABLE studies (
    study_id    INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    direction   TEXT    NOT NULL,
    space       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    trial_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE trials (
    trial_id    INTEGER PRIMARY KEY,
    study_id    INTEGER NOT NULL REFERENCES studies (study_id),
    number      INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    value       REAL,
    started_at  INTEGER NOT NULL,
    heartbeat   INTEGER NOT NULL,
    finished_at INTEGER,
    error       TEXT,
    UNIQUE (study_id, number)
);
-- The running trials of a study: the stale check and the reader that skips the finished trials it has seen.
CREATE INDEX trials_running ON trials (study_id, state);

CREATE TABLE trial_params (
    trial_id INTEGER NOT NULL REFERENCES trials (trial_id),
    name     TEXT    NOT NULL,
    value    REAL    NOT NULL,
    PRIMARY KEY (trial_id, name)
);

CREATE TABLE trial_values (
    trial_id INTEGER NOT NULL REFERENCES trials (trial_id),
    step     INTEGER NOT NULL,
    value    REAL,
    PRIMARY KEY (trial_id, step)
);

CREATE TABLE trial_attributes (
    trial_id INTEGER NOT NULL REFERENCES trials (trial_id),
    name     TEXT    NOT NULL,
    value    REAL,
    PRIMARY KEY (trial_id, name)
);
