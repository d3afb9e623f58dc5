namespace Lepton.Web.Pages;

/// <summary>What the runs page was asked for: the experiment, a filter in the runs grammar, an order, a page and the columns.</summary>
internal sealed record RunsRequest(string? Experiment, string? Filter, string? Order, int Offset, int PageSize, IReadOnlyList<string>? Columns)
{
    public const int DefaultPageSize = 50;
    public const int LargestPageSize = 500;
}
