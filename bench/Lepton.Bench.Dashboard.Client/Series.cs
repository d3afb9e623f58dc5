namespace Lepton.Bench.Dashboard.Client;

/// <summary>One metric's curve in the columnar shape the pages fetch: <c>{"steps":[…],"values":[…]}</c>.</summary>
/// <param name="Steps">The steps, increasing.</param>
/// <param name="Values">The value at each step.</param>
public sealed record Series(long[] Steps, double[] Values);
