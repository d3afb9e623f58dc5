using System.Reflection;

namespace Lepton.Architecture.Tests;

/// <summary>The dependency graph of every src project, read from this test's build output.</summary>
internal static class BuildOutput
{
    private static readonly Lazy<DependencyGraph> s_graph = new(Read);

    public static DependencyGraph Graph => s_graph.Value;

    /// <summary>The projects under src/ (each is referenced by this test project).</summary>
    public static IReadOnlyList<string> SrcProjects => Metadata("SrcProjects")
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Folder => AppContext.BaseDirectory;

    /// <summary>The .deps.json next to a src assembly in its own project's output.</summary>
    public static string DepsJsonOf(string assembly) => Path.ChangeExtension(Metadata($"Output:{assembly}"), ".deps.json");

    private static DependencyGraph Read()
    {
        var graph = new DependencyGraph();
        var testName = typeof(BuildOutput).Assembly.GetName().Name;
        graph.AddDepsJson(Path.Combine(Folder, $"{testName}.deps.json"));
        graph.AddAssemblyReferences(Folder);
        var assets = Metadata("ProjectAssetsFile");
        if (!File.Exists(assets))
        {
            throw new FileNotFoundException(
                $"The restore graph {assets} is missing: build this test project from the repository before running it.",
                assets);
        }

        graph.AddFrameworkReferences(assets);
        return graph;
    }

    private static string Metadata(string key) =>
        typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"Lepton.Architecture.Tests.csproj sets no {key}.");
}
