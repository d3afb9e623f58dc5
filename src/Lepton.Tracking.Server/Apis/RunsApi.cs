using Lepton.Tracking.Comparison;
using Lepton.Tracking.Remote;
using Lepton.Tracking.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Tracking.Server;

/// <summary>Routes under <c>/api/runs</c>: start, log, heartbeat, end, read, search, metric history, artifact and dataset records.</summary>
internal static class RunsApi
{
    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("Runs").WithErrorResponses();
        api.MapPost("/", CreateRun).WithName("CreateRun").WithSummary("Starts a run (status running) in the named experiment, creating the experiment when needed.");
        api.MapPost("/search", SearchRuns).WithName("SearchRuns").WithSummary("Runs matching a filter, with their parameters, tags and latest metrics.");
        api.MapPost("/count", CountRuns).WithName("CountRuns").WithSummary("How many runs match a filter (its order, offset and maximum do not count): a runs table's page count.");
        api.MapGet("/columns", GetRunColumns).WithName("GetRunColumns")
            .WithSummary("The distinct parameter, metric and tag names over the runs of the given experiments (every run when none is given), each sorted ordinally.");
        api.MapPost("/fail-abandoned", FailAbandonedRuns).WithName("FailAbandonedRuns").WithSummary("Marks running runs whose process is gone as failed; answers their ids.");
        api.MapGet("/{runId}", GetRun).WithName("GetRun").WithSummary("Everything recorded about a run.");
        api.MapPost("/{runId}/batch", LogBatch).WithName("LogBatch").WithSummary("Writes parameters, tags and metric points in one transaction.");
        api.MapPost("/{runId}/heartbeat", Heartbeat).WithName("Heartbeat").WithSummary("Records that the run's process is alive.");
        api.MapPost("/{runId}/end", EndRun).WithName("EndRun").WithSummary("Ends a run as finished, failed or killed.");
        api.MapGet("/{runId}/metrics/history", GetMetricHistory).WithName("GetMetricHistory")
            .WithSummary("A metric's points in step order; offset and limit page through long histories, minStep and maxStep pick a range, maxPoints thins it for a chart.");
        api.MapPost("/{runId}/artifacts", RecordArtifact).WithName("RecordArtifact").WithSummary("Records a file of the run whose content is already stored under its hash.");
        api.MapPost("/{runId}/datasets", RecordDataset).WithName("RecordDataset").WithSummary("Records a dataset the run used and for what.");
        return api;
    }

    public static async Task<Created<RunInfo>> CreateRun(RunStartRequest request, IMetadataStore store, CancellationToken cancellationToken)
    {
        // The caller says where the run's process lives; without that it can only be judged by its heartbeats.
        var start = new RunStart(request.Experiment, request.Name, request.Source, request.GitCommit, request.Tags)
        {
            Environment = request.Environment ?? RunEnvironment.Unknown,
            StartTime = request.StartTime,
            Process = (request.Host ?? "unknown", request.ProcessId ?? 0),
        };
        var info = await store.CreateRunAsync(start, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/runs/{info.RunId}", info);
    }

    public static async Task<Ok<IReadOnlyList<Run>>> SearchRuns(RunQuery query, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.SearchRunsAsync(query, cancellationToken).ConfigureAwait(false));

    public static async Task<Ok<RunCount>> CountRuns(RunQuery query, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RunCount(await store.CountRunsAsync(query, cancellationToken).ConfigureAwait(false)));

    /// <summary>The columns of the runs of the experiments named by the repeated <c>experiment</c> query parameter, or of every run.</summary>
    public static async Task<Ok<RunColumns>> GetRunColumns([FromQuery(Name = "experiment")] string[]? experiments, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetRunColumnsAsync(experiments is { Length: > 0 } ? experiments : null, cancellationToken).ConfigureAwait(false));

    public static async Task<Ok<IReadOnlyList<string>>> FailAbandonedRuns(FailAbandonedRequest request, IMetadataStore store, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(request.StaleAfterSeconds) || request.StaleAfterSeconds <= 0 || request.StaleAfterSeconds > TimeSpan.MaxValue.TotalSeconds)
            throw new TrackingException(TrackingErrorKind.Invalid, $"stale_after_seconds is {request.StaleAfterSeconds}; give a positive number of seconds.");
        return TypedResults.Ok(await store.FailAbandonedRunsAsync(TimeSpan.FromSeconds(request.StaleAfterSeconds), cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Ok<Run>> GetRun(string runId, IMetadataStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false));

    public static async Task<NoContent> LogBatch(string runId, RunBatch batch, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.LogBatchAsync(runId, batch, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> Heartbeat(string runId, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.HeartbeatAsync(runId, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> EndRun(string runId, EndRunRequest request, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.EndRunAsync(runId, request.Status, request.EndTime, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A metric's history: whole, a page of it (<paramref name="offset"/>, <paramref name="limit"/>), the steps from
    /// <paramref name="minStep"/> to <paramref name="maxStep"/>, or thinned for a chart to at most
    /// <paramref name="maxPoints"/> points (each bucket's lowest and highest, <see cref="CurveThinning"/>): a chart asks
    /// for about its width in points and, zoomed in, for the zoomed steps, which come at full resolution once they are few.
    /// <c>total</c> counts the points in the step range, so fewer points than <c>total</c> from offset 0 means thinned.
    /// </summary>
    public static async Task<Ok<MetricHistoryPage>> GetMetricHistory(string runId, [FromQuery] string key, IMetadataStore store, CancellationToken cancellationToken,
        [FromQuery] int offset = 0, [FromQuery] int? limit = null, [FromQuery] int? maxPoints = null, [FromQuery] long? minStep = null, [FromQuery] long? maxStep = null)
    {
        if (offset < 0) throw new TrackingException(TrackingErrorKind.Invalid, $"offset is {offset}; it counts points from 0.");
        if (limit is < 1) throw new TrackingException(TrackingErrorKind.Invalid, $"limit is {limit}; ask for at least 1 point, or leave it out for all.");
        if (maxPoints is < 4) throw new TrackingException(TrackingErrorKind.Invalid, $"maxPoints is {maxPoints}; a thinned history keeps at least 4 points (its ends and one bucket's lowest and highest).");
        if (maxPoints is not null && (offset != 0 || limit is not null))
            throw new TrackingException(TrackingErrorKind.Invalid, "maxPoints thins the whole history (or the minStep–maxStep range); it does not go with offset or limit.");
        if (minStep > maxStep) throw new TrackingException(TrackingErrorKind.Invalid, $"minStep {minStep} is above maxStep {maxStep}.");
        if (offset == 0 && limit is null)
        {
            // A chart's read: the store reads only the range and builds only the points it keeps.
            var series = await store.GetMetricSeriesAsync(runId, key, new MetricSeriesQuery(minStep, maxStep, maxPoints), cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new MetricHistoryPage(series.Key, series.Total, 0, series.Points));
        }

        var points = (await store.GetMetricSeriesAsync(runId, key, new MetricSeriesQuery(minStep, maxStep), cancellationToken).ConfigureAwait(false)).Points;
        var page = offset == 0 && (limit is null || limit >= points.Count) ? points : points.Skip(offset).Take(limit ?? int.MaxValue).ToList();
        // Serialized straight into the response as it is written, not built as one string first.
        return TypedResults.Ok(new MetricHistoryPage(key, points.Count, offset, page));
    }

    public static async Task<NoContent> RecordArtifact(string runId, ArtifactEntry artifact, TrackingClient client, CancellationToken cancellationToken)
    {
        // Through the client, which refuses a hash the artifact store does not hold (409), not straight to the store.
        await client.RecordArtifactAsync(runId, artifact, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> RecordDataset(string runId, RunDataset dataset, IMetadataStore store, CancellationToken cancellationToken)
    {
        await store.RecordDatasetAsync(runId, dataset, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
