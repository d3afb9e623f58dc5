namespace Lepton.Bench;

/// <summary>One line of the report's goal table: what was wanted, what was measured, and the verdict.</summary>
internal sealed record Goal(string Wanted, string Measured, GoalStatus Status);
