// The concurrency tests load both cores on their own, and the PostgreSQL server is shared by every test class.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Tests make tensors with torch.* before touching a Lepton type that would load the native engine: load it first.
[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]
