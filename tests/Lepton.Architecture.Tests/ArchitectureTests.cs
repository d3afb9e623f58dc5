namespace Lepton.Architecture.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void No_src_assembly_depends_on_what_its_layer_forbids()
    {
        var assemblies = BuildOutput.SrcProjects.Select(BuildOutput.Graph.AssemblyOf);

        var violations = LayeringChecker.Check(BuildOutput.Graph, assemblies, Layering.Rules);

        Assert.True(violations.Count == 0,
            $"{violations.Count} forbidden dependencies (rules in tests/Lepton.Architecture.Tests/Layering.cs):\n" +
            string.Join("\n", violations));
    }

    [Fact]
    public void Every_src_project_has_its_own_row_in_the_layering_table()
    {
        var missing = BuildOutput.SrcProjects
            .Where(project => !BuildOutput.Graph.HasProject(project)
                || !Layering.Rules.Any(rule => rule.Assembly == BuildOutput.Graph.AssemblyOf(project)))
            .ToList();

        Assert.True(missing.Count == 0,
            $"src/ has {string.Join(", ", missing)} without a row in Layering.Rules " +
            "(tests/Lepton.Architecture.Tests/Layering.cs): add one naming what it must never depend on.");
    }

    // Guards the test above against passing because the graph is empty: each kind of edge it reads is there.
    [Theory]
    [InlineData("Lepton.Engine", "TorchSharp")]                   // assembly metadata
    [InlineData("Lepton.Engine", "TorchSharp-cpu")]               // package, from .deps.json
    [InlineData("TorchSharp-cpu", "libtorch-cpu")]                // package to native package
    [InlineData("lepton", "Lepton.Serving")]                      // a project named by its assembly
    [InlineData("Lepton.Tracking.Server", "Microsoft.AspNetCore.App")] // framework reference, from project.assets.json
    public void The_graph_holds_each_kind_of_dependency(string from, string to)
    {
        Assert.Contains(to, BuildOutput.Graph.DependenciesOf(from));
    }

    [Fact]
    public void A_rule_against_a_real_dependency_is_reported_with_the_path_that_brings_it_in()
    {
        LayerRule[] strict = [new("Lepton.Nn", ["libtorch*"], "a made-up rule")];

        var violation = Assert.Single(LayeringChecker.Check(BuildOutput.Graph, ["Lepton.Nn"], strict));

        // Lepton.Nn → Lepton.Engine → TorchSharp-cpu → libtorch-cpu today; each step is a real edge.
        Assert.Equal("Lepton.Nn", violation.Path[0]);
        Assert.Equal("libtorch-cpu", violation.Path[^1]);
        Assert.All(violation.Path.Zip(violation.Path.Skip(1)),
            step => Assert.Contains(step.Second, BuildOutput.Graph.DependenciesOf(step.First)));
    }
}
