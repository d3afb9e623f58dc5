// Every test starts a real server on the two shared cores; running them in turn keeps timings honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
