namespace Lepton.Cli.Commands.Explain;

/// <summary>What <c>lepton explain</c> was asked for: rows at most, shuffles per column, integration steps, the seed and the output folder.</summary>
internal sealed record ExplainSettings(int Rows, int Repeats, int Steps, int Seed, string? Output);
