namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>The committed seed inputs of a target: <c>Corpus/&lt;target&gt;/*</c>, copied beside the test assembly.</summary>
public static class Corpus
{
    /// <summary>The folder of the corpus beside the running assembly.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>Every seed of <paramref name="target"/>, in file-name order.</summary>
    public static IReadOnlyList<byte[]> Seeds(string target)
    {
        var folder = Path.Combine(Root, target);
        var seeds = Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != "README.md").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        return seeds.Count > 0 ? seeds : throw new InvalidOperationException($"The corpus of '{target}' ({folder}) is empty: add at least one seed.");
    }
}
