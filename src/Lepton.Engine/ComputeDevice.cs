namespace Lepton;

/// <summary>Where tensors live and models run.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when TorchSharp's CUDA package is referenced and a GPU is present, otherwise the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; fails with a clear message when none is usable.</summary>
    Cuda,
}
