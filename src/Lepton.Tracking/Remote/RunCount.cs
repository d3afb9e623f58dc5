namespace Lepton.Tracking.Remote;

/// <summary>What <c>POST /api/runs/count</c> answers: how many runs match the query.</summary>
public sealed record RunCount(int Count);
