using Lepton.Data.Datasets;

namespace Lepton.Cli.Tests;

/// <summary>A fact that needs Debian's dataset-fashion-mnist package; skipped, saying how to install it, without.</summary>
public sealed class FactIfFashionMnistAttribute : FactAttribute
{
    public FactIfFashionMnistAttribute()
    {
        if (!FashionMnist.IsInstalled(FashionMnist.DefaultFolder))
            Skip = $"Fashion-MNIST is not installed in {FashionMnist.DefaultFolder}: sudo apt-get install dataset-fashion-mnist";
    }
}
