using System.Reflection;
using Lepton.Native;
using TorchSharp;

namespace Lepton;

/// <summary>
/// The engine's process-wide state: loads TorchSharp's native libraries (fixing them up where the OS needs it),
/// chooses the device, sets the thread count and seeds every random number generator Lepton uses.
/// </summary>
public static class LeptonRuntime
{
    private static readonly object Gate = new();
    private static torch.Device? _device;
    private static long? _seed;
    private static int _seedCounter;

    static LeptonRuntime() =>
        EngineDescription.Register(() => new EngineDescription("TorchSharp", TorchVersion, Threads, Device.ToString()));

    private static string TorchVersion
    {
        get
        {
            var assembly = typeof(torch).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    /// <summary>Loads the native engine if it is not loaded yet. Lepton's own assemblies call this for you.</summary>
    public static void EnsureNative() => TorchNativeLoader.EnsureLoaded();

    /// <summary>Applies <paramref name="options"/>: device, threads and seed. Safe to call more than once.</summary>
    public static void Initialize(RuntimeOptions? options = null)
    {
        options ??= new RuntimeOptions();
        EnsureNative();
        lock (Gate)
        {
            if (options.Threads is { } threads)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(options.Threads));
                torch.set_num_threads(threads);
            }
            _device = Resolve(options.Device);
            if (options.Seed is { } seed) Seed(seed);
        }
    }

    /// <summary>The device models and tensors go to; the CPU until <see cref="Initialize"/> says otherwise.</summary>
    public static torch.Device Device
    {
        get
        {
            EnsureNative();
            lock (Gate) return _device ??= Resolve(ComputeDevice.Auto);
        }
    }

    /// <summary>The number of intra-op threads libtorch uses on the CPU.</summary>
    public static int Threads
    {
        get
        {
            EnsureNative();
            return torch.get_num_threads();
        }
    }

    /// <summary>The seed in force, or null when runs are not reproducible.</summary>
    public static long? CurrentSeed
    {
        get { lock (Gate) return _seed; }
    }

    /// <summary>Seeds libtorch and every generator later handed out by <see cref="CreateRandom"/>.</summary>
    public static void Seed(long seed)
    {
        EnsureNative();
        lock (Gate)
        {
            _seed = seed;
            _seedCounter = 0;
            torch.manual_seed(seed);
            torch.random.manual_seed(seed);
        }
    }

    /// <summary>
    /// A new random generator for one consumer (a shuffler, a split, an augmentation). Under a seed the n-th call
    /// after <see cref="Seed"/> always returns the same sequence; without one it is random.
    /// </summary>
    public static Random CreateRandom()
    {
        lock (Gate)
        {
            if (_seed is not { } seed) return new Random();
            var stream = unchecked(seed * 6364136223846793005L + (++_seedCounter) * 1442695040888963407L);
            return new Random((int)(stream ^ (stream >> 32)));
        }
    }

    /// <summary>Describes how the native engine was loaded, for <c>lepton doctor</c>.</summary>
    public static IReadOnlyDictionary<string, string> Describe()
    {
        var report = TorchNativeLoader.EnsureLoaded();
        return new Dictionary<string, string>
        {
            ["lepton"] = typeof(LeptonRuntime).Assembly.GetName().Version?.ToString(3) ?? "?",
            ["torchsharp"] = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?",
            ["libtorch"] = torch.__version__,
            ["native bridge"] = report.Bridge ?? "(resolved by TorchSharp)",
            ["host libstdc++"] = report.HostLibStdCxx ?? "(unknown)",
            ["native fix"] = report.PatchedCopy is null
                ? $"not needed: {report.Outcome}"
                : $"{string.Join(", ", report.WeakenedVersions)} marked weak in {report.PatchedCopy}",
            ["device"] = Device.ToString(),
            ["cuda available"] = torch.cuda.is_available().ToString(),
            ["threads"] = Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = CurrentSeed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)",
        };
    }

    private static torch.Device Resolve(ComputeDevice device) => device switch
    {
        ComputeDevice.Cpu => torch.CPU,
        ComputeDevice.Cuda when torch.cuda.is_available() => torch.CUDA,
        ComputeDevice.Cuda => throw new InvalidOperationException(
            "CUDA was requested but is not available: reference TorchSharp's CUDA package (libtorch-cuda) and run on a host with an NVIDIA GPU, or use ComputeDevice.Cpu."),
        _ => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
    };
}
