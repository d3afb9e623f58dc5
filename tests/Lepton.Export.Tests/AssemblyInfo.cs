// libtorch's random generator is process-wide: tests that seed it must not run beside each other, or the
// numbers one test draws depend on what another drew. With two cores little is lost by running them in turn.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Tests make tensors with torch.* before touching a Lepton type that would load the native engine: load it first.
[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]
