// LeptonRuntime.Seed and environment variables are process-wide: tests that rely on them must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
