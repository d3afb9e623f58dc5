namespace Lepton.Architecture.Tests;

/// <summary>The checker run on made-up graphs, to show it reports what the rules forbid.</summary>
public sealed class LayeringCheckerTests
{
    [Fact]
    public void Tracking_reaching_the_engine_is_reported_with_its_path()
    {
        var graph = new DependencyGraph();
        graph.Add("Lepton.Tracking", "Lepton.Core");
        graph.Add("Lepton.Tracking", "Lepton.Tracking.Helpers");
        graph.Add("Lepton.Tracking.Helpers", "Lepton.Engine");
        graph.Add("Lepton.Engine", "TorchSharp");

        var violations = LayeringChecker.Check(graph, ["Lepton.Tracking"], Layering.Rules);

        var violation = Assert.Single(violations);
        Assert.Equal("Lepton.Engine", violation.Dependency);
        Assert.Equal(["Lepton.Tracking", "Lepton.Tracking.Helpers", "Lepton.Engine"], violation.Path);
        Assert.Equal(
            "Lepton.Tracking must never depend on Lepton.Engine (tracking is libtorch-free, so its server and clients " +
            "stay small): Lepton.Tracking → Lepton.Tracking.Helpers → Lepton.Engine",
            violation.ToString());
    }

    [Fact]
    public void Every_violation_of_every_assembly_is_listed()
    {
        var graph = new DependencyGraph();
        graph.Add("Lepton.Core", "TorchSharp");
        graph.Add("Lepton.Data", "Lepton.Nn");
        graph.Add("Lepton.Data", "Lepton.Serving");
        graph.Add("Lepton.Nn", "lepton");

        var violations = LayeringChecker.Check(graph, ["Lepton.Core", "Lepton.Data", "Lepton.Nn", "lepton"], Layering.Rules);

        Assert.Equal(
            [
                "Lepton.Core → TorchSharp",
                "Lepton.Data → Lepton.Nn",
                "Lepton.Data → Lepton.Serving",
                "Lepton.Nn → lepton",
            ],
            violations.Select(violation => string.Join(" → ", violation.Path)));
    }

    [Fact]
    public void A_native_package_in_a_server_deps_json_is_reported()
    {
        using var folder = new TempFolder();
        var depsJson = folder.Write("server.deps.json", """
            {
              "targets": { ".NETCoreApp,Version=v10.0": {
                "Lepton.Tracking.Server/0.1.0": { "dependencies": { "Lepton.Tracking": "0.1.0" }, "runtime": { "Lepton.Tracking.Server.dll": {} } },
                "Lepton.Tracking/0.1.0": { "dependencies": { "Plotting": "1.0.0" }, "runtime": { "Lepton.Tracking.dll": {} } },
                "Plotting/1.0.0": { "dependencies": { "libtorch-cpu-linux-x64": "2.10.0" } },
                "libtorch-cpu-linux-x64/2.10.0": { "native": { "runtimes/linux-x64/native/libtorch_cpu.so": {} } }
              } },
              "libraries": {
                "Lepton.Tracking.Server/0.1.0": { "type": "project" },
                "Lepton.Tracking/0.1.0": { "type": "project" },
                "Plotting/1.0.0": { "type": "package" },
                "libtorch-cpu-linux-x64/2.10.0": { "type": "package" }
              }
            }
            """);
        var graph = new DependencyGraph();
        graph.AddDepsJson(depsJson);

        var violations = LayeringChecker.Check(graph, ["Lepton.Tracking.Server", "Lepton.Tracking"], Layering.Rules);

        Assert.Equal(
            [
                "Lepton.Tracking → Plotting → libtorch-cpu-linux-x64",
                "Lepton.Tracking.Server → Lepton.Tracking → Plotting → libtorch-cpu-linux-x64",
            ],
            violations.Select(violation => string.Join(" → ", violation.Path)));
        Assert.NotEmpty(ServerOutputTests.TorchEntries(depsJson));
    }

    [Fact]
    public void A_framework_reference_to_ASP_NET_Core_in_the_client_is_reported()
    {
        using var folder = new TempFolder();
        var assets = folder.Write("project.assets.json", """
            { "targets": { "net10.0": {
              "Lepton.Serving.Client/0.1.0": { "type": "project", "frameworkReferences": [ "Microsoft.AspNetCore.App" ] }
            } } }
            """);
        var graph = new DependencyGraph();
        graph.AddFrameworkReferences(assets);

        var violation = Assert.Single(LayeringChecker.Check(graph, ["Lepton.Serving.Client"], Layering.Rules));

        Assert.Equal(["Lepton.Serving.Client", "Microsoft.AspNetCore.App"], violation.Path);
    }

    [Fact]
    public void A_project_is_named_by_its_assembly_so_the_command_line_is_lepton()
    {
        using var folder = new TempFolder();
        var depsJson = folder.Write("app.deps.json", """
            {
              "targets": { ".NETCoreApp,Version=v10.0": {
                "Lepton.Data/0.1.0": { "dependencies": { "Lepton.Cli": "0.1.0" }, "runtime": { "Lepton.Data.dll": {} } },
                "Lepton.Cli/0.1.0": { "runtime": { "lepton.dll": {} } }
              } },
              "libraries": { "Lepton.Data/0.1.0": { "type": "project" }, "Lepton.Cli/0.1.0": { "type": "project" } }
            }
            """);
        var graph = new DependencyGraph();
        graph.AddDepsJson(depsJson);

        var violation = Assert.Single(LayeringChecker.Check(graph, ["Lepton.Data"], Layering.Rules));

        Assert.Equal("lepton", graph.AssemblyOf("Lepton.Cli"));
        Assert.Equal(["Lepton.Data", "lepton"], violation.Path);
        Assert.Equal("no library depends on the command line", violation.Why);
    }

    [Fact]
    public void Allowed_dependencies_report_nothing()
    {
        var graph = new DependencyGraph();
        graph.Add("Lepton.Serving", "Lepton.Nn");
        graph.Add("Lepton.Nn", "Lepton.Data");
        graph.Add("Lepton.Data", "Lepton.Engine");
        graph.Add("Lepton.Engine", "TorchSharp");
        graph.Add("lepton", "Lepton.Serving");

        Assert.Empty(LayeringChecker.Check(graph, ["Lepton.Serving", "Lepton.Nn", "Lepton.Data", "lepton"], Layering.Rules));
    }

    [Theory]
    [InlineData("Lepton.*", "Lepton.Nn", true)]
    [InlineData("Lepton.*", "lepton", false)]
    [InlineData("Lepton.Tracking*", "Lepton.Tracking", true)]
    [InlineData("Lepton.Tracking*", "Lepton.Tracking.Server", true)]
    [InlineData("Lepton.Nn", "Lepton.Nn.Extra", false)]
    [InlineData("libtorch*", "libtorch-cpu-linux-x64", true)]
    [InlineData("Microsoft.AspNetCore.*", "Microsoft.AspNetCore.Http.Abstractions", true)]
    [InlineData("Microsoft.AspNetCore.*", "Microsoft.Extensions.Http", false)]
    public void Names_match_patterns_with_a_star(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, Glob.Matches(pattern, name));
    }
}
