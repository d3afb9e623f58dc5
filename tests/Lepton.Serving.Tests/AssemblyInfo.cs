// Each test starts a real server whose inference workers use both cores; running tests side by side would make
// the timing-based ones (batching, deadlines, queue limits) flaky. With two cores little is lost by running them in turn.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Tests make tensors with torch.* before touching a Lepton type that would load the native engine: load it first.
[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]
