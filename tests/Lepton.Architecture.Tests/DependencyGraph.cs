using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace Lepton.Architecture.Tests;

/// <summary>
/// What depends on what, by name: assemblies (from their metadata's references), projects and packages (from a
/// .deps.json, which is what build and publish copy, native packages included) and framework references (from the
/// restore graph). A project is named by its assembly, so Lepton.Cli is "lepton".
/// </summary>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _assemblyOfProject = new(StringComparer.Ordinal);

    public IEnumerable<string> Nodes => _edges.Keys;

    public IReadOnlyCollection<string> DependenciesOf(string node) =>
        _edges.TryGetValue(node, out var targets) ? targets : [];

    /// <summary>The assembly a project builds (its .deps.json entry's dll), or the project's name if none is known.</summary>
    public string AssemblyOf(string project) => _assemblyOfProject.GetValueOrDefault(project, project);

    public bool HasProject(string project) => _assemblyOfProject.ContainsKey(project);

    public void Add(string from, string to)
    {
        Node(from).Add(to);
        Node(to);
    }

    /// <summary>Every managed assembly in the folder and the assemblies it references.</summary>
    public void AddAssemblyReferences(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.dll"))
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                continue;
            }

            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                continue;
            }

            var name = metadata.GetString(metadata.GetAssemblyDefinition().Name);
            foreach (var handle in metadata.AssemblyReferences)
            {
                Add(name, metadata.GetString(metadata.GetAssemblyReference(handle).Name));
            }
        }
    }

    /// <summary>Every project and package in a .deps.json and what each depends on.</summary>
    public void AddDepsJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var libraries = document.RootElement.GetProperty("libraries");
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        {
            // Projects first, so an edge to a project already uses its assembly's name.
            foreach (var library in target.Value.EnumerateObject())
            {
                var name = NameOf(library.Name);
                if (libraries.TryGetProperty(library.Name, out var info) && info.GetProperty("type").GetString() == "project"
                    && library.Value.TryGetProperty("runtime", out var runtime))
                {
                    var dll = runtime.EnumerateObject().Select(asset => asset.Name)
                        .FirstOrDefault(asset => asset.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
                    _assemblyOfProject[name] = dll is null ? name : Path.GetFileNameWithoutExtension(dll);
                }
            }

            foreach (var library in target.Value.EnumerateObject())
            {
                var from = AssemblyOf(NameOf(library.Name));
                Node(from);
                if (library.Value.TryGetProperty("dependencies", out var dependencies))
                {
                    foreach (var dependency in dependencies.EnumerateObject())
                    {
                        Add(from, AssemblyOf(dependency.Name));
                    }
                }
            }
        }
    }

    /// <summary>The framework references (Microsoft.AspNetCore.App) of every project and package in project.assets.json.</summary>
    public void AddFrameworkReferences(string projectAssetsPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(projectAssetsPath));
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("frameworkReferences", out var frameworks))
                {
                    foreach (var framework in frameworks.EnumerateArray())
                    {
                        Add(AssemblyOf(NameOf(library.Name)), framework.GetString()!);
                    }
                }
            }
        }
    }

    private SortedSet<string> Node(string name)
    {
        if (!_edges.TryGetValue(name, out var targets))
        {
            targets = new SortedSet<string>(StringComparer.Ordinal);
            _edges[name] = targets;
        }

        return targets;
    }

    // "Name/1.2.3" in .deps.json and project.assets.json.
    private static string NameOf(string library) => library.Split('/')[0];
}
