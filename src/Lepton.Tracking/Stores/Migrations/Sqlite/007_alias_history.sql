-- Every alias move: the version an alias pointed at before and after (NULL before: set for the first time; NULL
-- after: removed), when, and by whom (the user and host of the process that wrote it). The dashboard shows it on a
-- model's page; the operations issue's audit log is to take it over.
CREATE TABLE alias_history (
    change_id    INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL REFERENCES registered_models (name),
    alias        TEXT    NOT NULL,
    from_version INTEGER,
    to_version   INTEGER,
    changed_at   INTEGER NOT NULL,
    actor        TEXT    NOT NULL
);
CREATE INDEX alias_history_by_model ON alias_history (name, change_id);
