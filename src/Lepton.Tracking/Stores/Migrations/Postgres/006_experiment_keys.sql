-- The parameter, metric and tag names each experiment's runs have recorded: a runs table's column choices, read
-- without scanning every run's rows (1,000 metric names over 10,000 runs are 200,000 latest-metric rows). Written
-- with the rows they name, in the same transaction; nothing deletes runs, so no name outlives its last row.
CREATE TABLE experiment_keys (
    experiment_id BIGINT  NOT NULL REFERENCES experiments (experiment_id),
    kind          TEXT    NOT NULL, -- param, metric or tag
    key           TEXT    NOT NULL,
    PRIMARY KEY (experiment_id, kind, key)
);

INSERT INTO experiment_keys (experiment_id, kind, key)
SELECT DISTINCT r.experiment_id, 'param', p.key FROM params p JOIN runs r ON r.run_id = p.run_id;
INSERT INTO experiment_keys (experiment_id, kind, key)
SELECT DISTINCT r.experiment_id, 'metric', m.key FROM latest_metrics m JOIN runs r ON r.run_id = m.run_id;
INSERT INTO experiment_keys (experiment_id, kind, key)
SELECT DISTINCT r.experiment_id, 'tag', t.key FROM tags t JOIN runs r ON r.run_id = t.run_id;

