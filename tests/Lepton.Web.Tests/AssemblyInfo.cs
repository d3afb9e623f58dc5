// The served models are built and run with the engine: load TorchSharp's native library (with Debian's fix) first.
[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]
