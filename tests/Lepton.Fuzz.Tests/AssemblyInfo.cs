// Targets build tensors (model files) before any Lepton type has loaded the native engine: load it first.
[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]
