namespace Lepton.Tuning.Samplers;

/// <summary>
/// A random generator per (seed, trial number): a trial's draws depend on its number and the trials before it, never
/// on which worker or thread drew them, so the same seed and history give the same trials.
/// </summary>
internal static class SamplerRandom
{
    public static Random For(int seed, int trialNumber, ulong salt = 0)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)trialNumber * 0xBF58476D1CE4E5B9UL + salt);
        // SplitMix64's finalizer spreads neighbouring seeds and numbers apart.
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return new Random(unchecked((int)x ^ (int)(x >> 32)));
    }
}
