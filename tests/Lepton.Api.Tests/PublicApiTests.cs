using System.Reflection;
using PublicApiGenerator;

namespace Lepton.Api.Tests;

/// <summary>
/// Every SDK assembly's public surface is kept as a text file under Approved/, so each change of the public API
/// shows in a diff and is made on purpose. See README.md for how to accept a change.
/// </summary>
public sealed class PublicApiTests
{
    internal const string AcceptVariable = "LEPTON_ACCEPT_API";

    /// <summary>The assemblies listed as ApprovedApi items in the project file.</summary>
    public static TheoryData<string> ApprovedAssemblies()
    {
        var data = new TheoryData<string>();
        foreach (var name in ApprovedAssemblyNames())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApprovedAssemblies))]
    public void Public_api_matches_the_approved_file(string assemblyName)
    {
        var received = Generate(Assembly.Load(assemblyName));
        var approvedPath = Path.Combine(ApprovedFolder(), $"{assemblyName}.approved.txt");
        var receivedPath = Path.Combine(ApprovedFolder(), $"{assemblyName}.received.txt");
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : "";

        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        var accepted = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        if (accepted)
        {
            File.Copy(receivedPath, approvedPath, overwrite: true);
            File.Delete(receivedPath);
        }

        Assert.Fail(Report(assemblyName, approved, received, approvedPath, receivedPath, accepted));
    }

    [Fact]
    public void Every_approved_file_belongs_to_a_listed_assembly()
    {
        var listed = ApprovedAssemblyNames().Select(name => $"{name}.approved.txt").ToHashSet(StringComparer.Ordinal);
        var stale = Directory.GetFiles(ApprovedFolder(), "*.approved.txt")
            .Select(Path.GetFileName)
            .Where(file => !listed.Contains(file!))
            .ToList();

        Assert.True(stale.Count == 0,
            $"Approved/ holds {string.Join(", ", stale)} for assemblies no longer listed as ApprovedApi in " +
            "Lepton.Api.Tests.csproj: delete the file, or list the assembly again.");
    }

    /// <summary>The public surface as text: types grouped by namespace, members sorted, no assembly attributes.</summary>
    internal static string Generate(Assembly assembly) => Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        // Assembly attributes carry the build's version and commit, which change on every commit.
        IncludeAssemblyAttributes = false,
        // Show a public type whatever its namespace (an extension in Microsoft.Extensions.* is public API too), but
        // Orleans' generated serializers and proxies (OrleansCodeGen.*): they follow the grain interfaces and messages shown.
        DenyNamespacePrefixes = ["OrleansCodeGen"],
        TreatRecordsAsClasses = false,
        OrderBy = OrderMode.NamespaceThenFullName,
        ExcludeAttributes =
        [
            "System.Diagnostics.DebuggerDisplayAttribute",
            "System.Diagnostics.DebuggerBrowsableAttribute",
            "System.Diagnostics.DebuggerStepThroughAttribute",
            "System.Diagnostics.DebuggerNonUserCodeAttribute",
            "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
            "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
            "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
            "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
            "System.CodeDom.Compiler.GeneratedCodeAttribute",
        ],
    }));

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string Report(string assemblyName, string approved, string received, string approvedPath,
        string receivedPath, bool accepted)
    {
        var diff = LineDiff.Unified(approved, received, context: 3);
        var header = accepted
            ? $"The public API of {assemblyName} changed and {AcceptVariable}=1 accepted it: {approvedPath} now " +
              "holds the new surface. Review and commit it; the next run passes."
            : $"The public API of {assemblyName} differs from {approvedPath} ('-' approved, '+' now).\n" +
              $"The surface now is in {receivedPath}.\n" +
              $"If the change is intended, accept it: cp '{receivedPath}' '{approvedPath}'\n" +
              $"or run the tests once with {AcceptVariable}=1, then commit the approved file.";
        return $"{header}\n\n{diff}";
    }

    private static IReadOnlyList<string> ApprovedAssemblyNames() =>
        Metadata("ApprovedApi").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string ApprovedFolder() => Metadata("ApprovedFolder");

    private static string Metadata(string key) =>
        typeof(PublicApiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"Lepton.Api.Tests.csproj sets no {key}.");
}
