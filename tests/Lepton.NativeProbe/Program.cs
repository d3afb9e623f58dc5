using System.Globalization;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Lepton.NativeProbe;

/// <summary>
/// Loads TorchSharp through Lepton's native loader in a process of its own, so that the loader's first-run work
/// (patching and caching the bridge library) is what a test observes, then proves the engine works by training.
/// Prints the first and last loss and how the native library was loaded; exits 0 when the loss went down.
/// </summary>
internal static class Program
{
    private static int Main()
    {
        // Before any use of TorchSharp: its static constructor would otherwise try the unpatched library.
        LeptonRuntime.EnsureNative();
        var (first, last) = Train();
        Console.WriteLine($"first loss: {first.ToString("R", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"last loss: {last.ToString("R", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"native fix: {LeptonRuntime.Describe()["native fix"]}");
        return last < first ? 0 : 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (float First, float Last) Train()
    {
        LeptonRuntime.Seed(1);
        using var x = randn(256, 8);
        using var weights = randn(8, 1);
        using var y = x.matmul(weights) + 0.1 * randn(256, 1);
        using var model = nn.Linear(8, 1);
        using var optimizer = optim.Adam(model.parameters(), lr: 0.05);
        float first = float.NaN, last = float.NaN;
        for (var step = 0; step < 50; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }
        return (first, last);
    }
}
