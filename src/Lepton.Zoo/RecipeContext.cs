using Lepton.Nn.Callbacks;
using Lepton.Nn.Training;

namespace Lepton.Zoo;

/// <summary>What a recipe runs with: full or quick, where its data and outputs are, and the callbacks that record it.</summary>
public sealed class RecipeContext
{
    /// <summary>Creates a context writing its files to <paramref name="outputFolder"/>.</summary>
    public RecipeContext(string outputFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        OutputFolder = outputFolder;
    }

    /// <summary>A short version for tests and a first look: little data, few epochs; the figure is not the recipe's.</summary>
    public bool Quick { get; init; }

    /// <summary>Where the recipe writes its pictures and files (created when needed).</summary>
    public string OutputFolder { get; }

    /// <summary>The data to use instead of the recipe's default (a file or folder, as the recipe's page says); null for the default.</summary>
    public string? Data { get; init; }

    /// <summary>
    /// Callbacks to pass to the one <c>Fit</c> that trains the model the recipe returns (tracking's autolog, a progress
    /// bar): a run records one training. Any other <c>Fit</c> of the recipe takes <see cref="Progress"/>.
    /// </summary>
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>Callbacks for the recipe's other <c>Fit</c>s (a progress bar): nothing that records.</summary>
    public IReadOnlyList<Callback> Progress { get; init; } = [];

    /// <summary>How Fit reports progress when no progress callback is given.</summary>
    public Verbosity Verbosity { get; init; } = Verbosity.Silent;

    /// <summary>Where the recipe writes what it is doing, a line at a time.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Stops the recipe after the current step; it then scores what it has.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The recipe's settings given by the user (<c>--set holdout=8</c>), by name; see <see cref="ZooRecipe.Options"/>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The integer option <paramref name="name"/>, or <paramref name="fallback"/> when it is not given.</summary>
    /// <exception cref="ArgumentException">The value is not an integer in [<paramref name="min"/>, <paramref name="max"/>].</exception>
    public int IntOption(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!Options.TryGetValue(name, out var text)) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ArgumentException($"The option {name}={text} is not an integer from {min} to {max}.", nameof(name));
        return value;
    }

    /// <summary>A path inside <see cref="OutputFolder"/>, creating the folder.</summary>
    public string OutputPath(string fileName)
    {
        Directory.CreateDirectory(OutputFolder);
        return Path.Combine(OutputFolder, fileName);
    }
}
