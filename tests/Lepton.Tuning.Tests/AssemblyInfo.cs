// LightGBM and libtorch each use every core they are given: with two cores, tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Tests make tensors with torch.* before touching a Lepton type that would load the native engine: load it first.
[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]
