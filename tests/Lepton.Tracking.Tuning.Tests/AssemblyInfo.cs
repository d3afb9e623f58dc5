// The worker tests load both cores on their own, and the PostgreSQL server is shared by every test class.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
