namespace Lepton.Testing;

/// <summary>A fact about a machine without a CUDA device; skipped where one is present.</summary>
public sealed class FactIfNoCudaAttribute : FactAttribute
{
    /// <summary>Skips the fact when libtorch sees a CUDA device (this loads the native engine).</summary>
    public FactIfNoCudaAttribute()
    {
        LeptonRuntime.EnsureNative();
        if (TorchSharp.torch.cuda.is_available()) Skip = "This machine has a CUDA device; the test covers machines without one.";
    }
}
