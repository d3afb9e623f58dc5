// LeptonRuntime.Seed and environment variables are process-wide: tests that rely on them must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Tests make tensors with torch.* before touching a Lepton type that would load the native engine: load it first.
[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]
