namespace Lepton.Data.Tables;

/// <summary>One thing about the data worth fixing or knowing, with how much it matters and where.</summary>
/// <param name="Kind">What the finding is about.</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Columns">The columns concerned (all of them for table-wide findings).</param>
/// <param name="Message">One sentence for people: what was found, with numbers, and what to consider.</param>
/// <param name="Value">The measure behind the finding (a share, a ratio, a PSI …).</param>
public sealed record QualityFinding(FindingKind Kind, FindingSeverity Severity, IReadOnlyList<string> Columns, string Message, double Value);
