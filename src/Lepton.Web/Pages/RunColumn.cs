using Lepton.Tracking;

namespace Lepton.Web.Pages;

/// <summary>A column of the runs table picked by the user: a parameter, a metric's latest value or a tag, named as the filter grammar names it (<c>metrics.val_accuracy</c>).</summary>
internal sealed record RunColumn(string Kind, string Key)
{
    public string Id => $"{Kind}.{Key}";

    public bool IsMetric => Kind == "metrics";

    public static RunColumn? Parse(string id)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == id.Length - 1) return null;
        var kind = id[..dot];
        return kind is "metrics" or "params" or "tags" ? new RunColumn(kind, id[(dot + 1)..]) : null;
    }

    public string? ValueOf(Run run) => Kind switch
    {
        "metrics" => run.LatestMetrics.TryGetValue(Key, out var point) ? Format.Number(point.Value) : null,
        "params" => run.Params.GetValueOrDefault(Key),
        _ => run.Tags.GetValueOrDefault(Key),
    };
}
