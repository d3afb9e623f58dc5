namespace Lepton.Architecture.Tests;

/// <summary>A dependency a rule forbids, with the chain of references that brings it in.</summary>
internal sealed record Violation(string Assembly, string Dependency, IReadOnlyList<string> Path, string Why)
{
    public override string ToString() =>
        $"{Assembly} must never depend on {Dependency} ({Why}): {string.Join(" → ", Path)}";
}

/// <summary>Walks each assembly's dependencies, transitively, and reports every one its rules forbid.</summary>
internal static class LayeringChecker
{
    public static IReadOnlyList<Violation> Check(DependencyGraph graph, IEnumerable<string> assemblies,
        IReadOnlyList<LayerRule> rules)
    {
        var violations = new List<Violation>();
        foreach (var assembly in assemblies.Order(StringComparer.Ordinal))
        {
            var applicable = rules.Where(rule => rule.AppliesTo(assembly)).ToList();
            if (applicable.Count > 0)
            {
                violations.AddRange(Walk(graph, assembly, applicable));
            }
        }

        return violations;
    }

    // Breadth first, so each path shown is a shortest one; a forbidden node is reported and not walked past, so
    // one wrong reference is one line, not one per assembly behind it.
    private static IEnumerable<Violation> Walk(DependencyGraph graph, string start, List<LayerRule> rules)
    {
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal) { [start] = start };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in graph.DependenciesOf(node))
            {
                if (!cameFrom.TryAdd(next, node))
                {
                    continue;
                }

                var rule = rules.FirstOrDefault(rule => rule.Forbids(next));
                if (rule is null)
                {
                    queue.Enqueue(next);
                    continue;
                }

                yield return new Violation(start, next, PathTo(next, cameFrom), rule.Why);
            }
        }
    }

    private static List<string> PathTo(string node, Dictionary<string, string> cameFrom)
    {
        var path = new List<string> { node };
        while (cameFrom[node] != node)
        {
            node = cameFrom[node];
            path.Add(node);
        }

        path.Reverse();
        return path;
    }
}
