-- A dataset's row count and schema belong to the run that read it: two runs over the same files may read a sample
-- or other columns. NULL in rows recorded before this migration, which fall back to the dataset's first count.
ALTER TABLE run_datasets ADD COLUMN row_count INTEGER;
ALTER TABLE run_datasets ADD COLUMN schema_text TEXT;
