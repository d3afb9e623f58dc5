using Lepton.Tracking;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.WebUtilities;

namespace Lepton.Web.Pages;

/// <summary>
/// One page of an experiment's runs table: the runs matching the filter in the asked order, the chosen columns, and
/// every column name the experiment's runs have for the column picker. A filter the grammar refuses is shown with its
/// reason instead of the rows.
/// </summary>
internal sealed record RunsView(
    Experiment Experiment,
    RunsRequest Request,
    int Total,
    IReadOnlyList<Run> Runs,
    IReadOnlyList<RunColumn> Columns,
    RunColumns Available,
    string? FilterError)
{
    private const int DefaultMetricColumns = 6;
    private const int DefaultParamColumns = 4;

    public static async Task<RunsView> ReadAsync(IMetadataStore store, RunsRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Experiment)) throw new DashboardException(StatusCodes.Status400BadRequest, "Name the experiment: /runs?experiment=NAME.");
        if (request.Offset < 0) throw new DashboardException(StatusCodes.Status400BadRequest, $"offset is {request.Offset}; it counts runs from 0.");
        if (request.PageSize is < 1 or > RunsRequest.LargestPageSize)
            throw new DashboardException(StatusCodes.Status400BadRequest, $"size is {request.PageSize}; a page holds 1 to {RunsRequest.LargestPageSize} runs.");
        var experiment = await store.GetExperimentAsync(request.Experiment, cancellationToken).ConfigureAwait(false);
        var available = await store.GetRunColumnsAsync([experiment.Name], cancellationToken).ConfigureAwait(false);
        var columns = ChooseColumns(request.Columns, available);

        var query = new RunQuery([experiment.Name], request.Filter, string.IsNullOrWhiteSpace(request.Order) ? null : request.Order, request.PageSize, request.Offset);
        try
        {
            // The store sorts and skips by run id, then reads only the page's runs: a page of 10,000 runs costs what one of 50 does.
            var total = await store.CountRunsAsync(query, cancellationToken).ConfigureAwait(false);
            var runs = await store.SearchRunsAsync(query, cancellationToken).ConfigureAwait(false);
            return new RunsView(experiment, request, total, runs, columns, available, null);
        }
        catch (TrackingException e) when (e.Kind == TrackingErrorKind.Invalid)
        {
            return new RunsView(experiment, request, 0, [], columns, available, e.Message);
        }
    }

    private static IReadOnlyList<RunColumn> ChooseColumns(IReadOnlyList<string>? asked, RunColumns available)
    {
        var ids = asked?.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (ids is { Count: > 0 })
        {
            return ids.Distinct(StringComparer.Ordinal)
                .Select(id => RunColumn.Parse(id) ?? throw new DashboardException(StatusCodes.Status400BadRequest, $"The column '{id}' is not metrics.NAME, params.NAME or tags.NAME."))
                .ToList();
        }

        // By default the validation and test figures first (what a table of runs is read for), then the other metrics and a few parameters.
        var metrics = available.Metrics.OrderBy(m => m.StartsWith("val_", StringComparison.Ordinal) || m.StartsWith("test_", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(m => m, StringComparer.Ordinal).Take(DefaultMetricColumns);
        return metrics.Select(m => new RunColumn("metrics", m))
            .Concat(available.Params.Take(DefaultParamColumns).Select(p => new RunColumn("params", p)))
            .ToList();
    }

    /// <summary>This page's address with some of its settings changed (null keeps a setting, "" clears it).</summary>
    public string Link(string? order = null, int? offset = null, string? filter = null)
    {
        var query = new List<KeyValuePair<string, string?>> { new("experiment", Experiment.Name) };
        var f = filter ?? Request.Filter;
        if (!string.IsNullOrEmpty(f)) query.Add(new("filter", f));
        var o = order ?? Request.Order;
        if (!string.IsNullOrEmpty(o)) query.Add(new("order", o));
        var off = offset ?? Request.Offset;
        if (off > 0) query.Add(new("offset", off.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Request.PageSize != RunsRequest.DefaultPageSize) query.Add(new("size", Request.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Request.Columns is { Count: > 0 }) query.Add(new("cols", string.Join(',', Columns.Select(c => c.Id))));
        return QueryHelpers.AddQueryString("/runs", query);
    }

    /// <summary>The order a click on a column's header asks for: descending first for metrics, ascending for the rest, then the other way.</summary>
    public string SortLink(string id, bool metricFirstDescending)
    {
        var (current, direction) = CurrentOrder();
        var next = current == id ? (direction == "desc" ? "asc" : "desc") : metricFirstDescending ? "desc" : "asc";
        return Link(order: $"{id} {next}", offset: 0);
    }

    /// <summary>"ascending", "descending" or "none" for a column header's aria-sort.</summary>
    public string AriaSort(string id)
    {
        var (current, direction) = CurrentOrder();
        return current != id ? "none" : direction == "desc" ? "descending" : "ascending";
    }

    private (string? Id, string Direction) CurrentOrder()
    {
        if (string.IsNullOrWhiteSpace(Request.Order)) return ("start_time", "desc");
        var parts = Request.Order.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (parts[0], parts.Length > 1 && parts[^1].Equals("desc", StringComparison.OrdinalIgnoreCase) ? "desc" : "asc");
    }
}
