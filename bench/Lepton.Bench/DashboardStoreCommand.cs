using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Tracking;
using Lepton.Tracking.Comparison;
using Lepton.Tracking.Remote;
using Lepton.Tracking.Server;
using Lepton.Tracking.Stores;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lepton.Bench;

/// <summary>
/// <c>dashboard-store</c>: the two heavy reads of the dashboard, on SQLite and PostgreSQL. A 100,000-point metric
/// thinned for a chart (the store call, and the tracking server's answer on 127.0.0.1) beside the full read it
/// replaces; and a runs table over 10,000 runs × 20 metrics × 10 params: count, pages by time and by a metric, a
/// filtered page, a deep page, and the column names (1,000 distinct metric names).
/// </summary>
internal static class DashboardStoreCommand
{
    private const string Experiment = "dash";

    public static Command Create(string[] args)
    {
        var rounds = new Option<int>("--rounds") { Description = "Timed requests per figure (after two warm-up ones); the median is reported.", DefaultValueFactory = _ => 25 };
        var points = new Option<int>("--points") { Description = "Points of the long metric.", DefaultValueFactory = _ => 100_000 };
        var maxPoints = new Option<int>("--max-points") { Description = "Points a chart asks for.", DefaultValueFactory = _ => 1000 };
        var runs = new Option<int>("--runs") { Description = "Runs in the runs-table experiment.", DefaultValueFactory = _ => 10_000 };
        var postgres = new Option<string?>("--postgres") { Description = "A PostgreSQL server's connection string (a database is created in it); bench/run.sh starts one." };
        var json = new Option<string?>("--json") { Description = "Write the results to this JSON file." };
        var command = new Command("dashboard-store", "The dashboard's reads: a thinned 100k-point metric and a runs table of 10,000 runs, on SQLite and PostgreSQL.")
        {
            rounds, points, maxPoints, runs, postgres, json,
        };
        command.SetAction(result => Run(
            new Settings(result.GetValue(rounds), result.GetValue(points), result.GetValue(maxPoints), result.GetValue(runs), result.GetValue(postgres), result.GetValue(json)), args));
        return command;
    }

    private sealed record Settings(int Rounds, int Points, int MaxPoints, int Runs, string? Postgres, string? Json);

    private static int Run(Settings settings, string[] args)
    {
        if (settings.Rounds < 1 || settings.Points < 10 || settings.MaxPoints < 4 || settings.Runs < 100)
            throw new ArgumentException("--rounds ≥ 1, --points ≥ 10, --max-points ≥ 4 and --runs ≥ 100, please.");
        var folder = Directory.CreateTempSubdirectory("lepton-bench-dashboard-").FullName;
        try
        {
            var stores = new JsonObject
            {
                ["sqlite"] = MeasureAsync(settings, "SQLite", Path.Combine(folder, "dash.db"), folder).GetAwaiter().GetResult(),
            };
            if (settings.Postgres is { } server) stores["postgres"] = MeasureAsync(settings, "PostgreSQL", BenchDatabase.CreatePostgres(server), folder).GetAwaiter().GetResult();
            else Console.WriteLine("postgres: skipped (no --postgres)");
            if (settings.Json is { } path)
            {
                ResultFile.WriteJson(path, new JsonObject
                {
                    ["benchmark"] = "dashboard-store",
                    ["recorded_at"] = ResultFile.RecordedAt(),
                    ["command"] = ResultFile.Command(args),
                    ["settings"] = new JsonObject
                    {
                        ["rounds"] = settings.Rounds,
                        ["points"] = settings.Points,
                        ["max_points"] = settings.MaxPoints,
                        ["runs"] = settings.Runs,
                        ["protocol"] = "one process, warm: two untimed requests, then the timed ones one after another; median and spread (min–max) in ms",
                    },
                    ["machine"] = MachineInfo.Collect(),
                    ["load_average"] = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null,
                    ["stores"] = stores,
                });
                Console.WriteLine($"wrote {path}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<JsonObject> MeasureAsync(Settings settings, string label, string storeUri, string folder)
    {
        var options = new TrackingServerOptions { Port = 0, StoreUri = storeUri, ArtifactRoot = Path.Combine(folder, "artifacts"), LogLevel = LogLevel.Warning };
        await using var app = await TrackingServer.CreateAsync(options);
        await app.StartAsync();
        var address = TrackingServer.AddressOf(app);
        using var http = new HttpClient { BaseAddress = address };
        IMetadataStore store = storeUri.EndsWith(".db", StringComparison.Ordinal)
            ? await SqliteMetadataStore.OpenAsync(storeUri)
            : await PostgresMetadataStore.OpenAsync(storeUri);
        await using (store)
        {
            Console.WriteLine($"{label}: a metric of {settings.Points:N0} points, thinned to {settings.MaxPoints:N0}; {settings.Rounds} timed requests each");
            var series = await MeasureSeriesAsync(settings, store, http);
            Console.WriteLine($"{label}: a runs table of {settings.Runs:N0} runs × 20 metrics × 10 params");
            var table = await MeasureTableAsync(settings, store, storeUri);
            await app.StopAsync();
            return new JsonObject { ["series"] = series, ["runs_table"] = table };
        }
    }

    private static async Task<JsonObject> MeasureSeriesAsync(Settings settings, IMetadataStore store, HttpClient http)
    {
        var run = await store.CreateRunAsync(new RunStart("bench-series") { Environment = RunEnvironment.Unknown });
        var t0 = DateTimeOffset.UtcNow;
        var random = new Random(7);
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < settings.Points; start += 10_000)
        {
            var batch = Enumerable.Range(start, Math.Min(10_000, settings.Points - start))
                .Select(i => new MetricPoint("loss", 1.0 / (i + 1) + 0.01 * random.NextDouble(), i, i / 1000, t0.AddMilliseconds(i))).ToList();
            await store.LogBatchAsync(run.RunId, new RunBatch(Metrics: batch));
        }

        var fill = watch.Elapsed.TotalMilliseconds;
        long zoomFrom = settings.Points * 2L / 5, zoomTo = settings.Points * 3L / 5;
        var most = settings.MaxPoints;
        var id = run.RunId;
        var figures = new JsonObject { ["log_ms"] = Math.Round(fill) };
        figures["full_read_store"] = await TimeAsync("full history, store (GetMetricHistoryAsync, before)", settings.Rounds, async () => Expect((await store.GetMetricHistoryAsync(id, "loss")).Count, settings.Points));
        figures["full_read_thinned_store"] = await TimeAsync("full history + CurveThinning in memory (the server's way before)", settings.Rounds,
            async () => Expect(CurveThinning.MinMaxPerBucket(await store.GetMetricHistoryAsync(id, "loss"), most).Count, most));
        figures["series_store"] = await TimeAsync("series, whole range, store", settings.Rounds,
            async () => Expect((await store.GetMetricSeriesAsync(id, "loss", new MetricSeriesQuery(MaxPoints: most))).Points.Count, most));
        figures["series_zoom_store"] = await TimeAsync("series, 20% zoom, store", settings.Rounds,
            async () => Expect((await store.GetMetricSeriesAsync(id, "loss", new MetricSeriesQuery(zoomFrom, zoomTo, most))).Points.Count, most));
        var path = string.Create(CultureInfo.InvariantCulture, $"api/runs/{id}/metrics/history?key=loss&maxPoints={most}");
        var zoomPath = string.Create(CultureInfo.InvariantCulture, $"api/runs/{id}/metrics/history?key=loss&maxPoints={most}&minStep={zoomFrom}&maxStep={zoomTo}");
        figures["series_http"] = await TimeAsync("series, whole range, HTTP", settings.Rounds, () => GetAsync(http, path));
        figures["series_zoom_http"] = await TimeAsync("series, 20% zoom, HTTP", settings.Rounds, () => GetAsync(http, zoomPath));
        figures["full_read_http"] = await TimeAsync("full history, HTTP", Math.Min(settings.Rounds, 7), () => GetAsync(http, $"api/runs/{id}/metrics/history?key=loss"));
        return figures;
    }

    private static async Task GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonObject> MeasureTableAsync(Settings settings, IMetadataStore store, string storeUri)
    {
        var watch = Stopwatch.StartNew();
        await FillAsync(store, settings.Runs);
        var fill = watch.Elapsed.TotalMilliseconds;
        if (store is PostgresMetadataStore)
        {
            // What autovacuum does soon after a bulk load; without statistics the planner takes 200,000 rows for a few.
            await using var connection = new NpgsqlConnection(storeUri);
            await connection.OpenAsync();
            await using var analyze = new NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  filled in {fill / 1000:0.0} s"));
        string[] experiments = [Experiment];
        const string filter = "metrics.m3 > 0.5 and params.p1 = 'x'";
        var matching = await store.CountRunsAsync(new RunQuery(experiments, filter));
        var figures = new JsonObject { ["fill_ms"] = Math.Round(fill), ["filtered_count"] = matching };
        figures["count"] = await TimeAsync("count", settings.Rounds, async () => Expect(await store.CountRunsAsync(new RunQuery(experiments)), settings.Runs));
        figures["first_page_by_start_time"] = await TimeAsync("first page of 50 by start_time", settings.Rounds,
            async () => Expect((await store.SearchRunsAsync(new RunQuery(experiments, MaxResults: 50))).Count, 50));
        figures["page_by_metric"] = await TimeAsync("page of 50 by metrics.m7 desc", settings.Rounds,
            async () => Expect((await store.SearchRunsAsync(new RunQuery(experiments, OrderBy: "metrics.m7 desc", MaxResults: 50))).Count, 50));
        figures["filtered_page_by_metric"] = await TimeAsync($"page of 50 by metrics.m7 desc where {filter}", settings.Rounds,
            async () => Expect((await store.SearchRunsAsync(new RunQuery(experiments, filter, "metrics.m7 desc", 50))).Count, Math.Min(50, matching)));
        figures["deep_page_by_metric"] = await TimeAsync(string.Create(CultureInfo.InvariantCulture, $"page of 50 by metrics.m7 desc at offset {settings.Runs * 9 / 10:N0}"), settings.Rounds,
            async () => Expect((await store.SearchRunsAsync(new RunQuery(experiments, OrderBy: "metrics.m7 desc", MaxResults: 50, Offset: settings.Runs * 9 / 10))).Count, 50));
        figures["columns"] = await TimeAsync("columns (1,000 distinct metric names)", settings.Rounds,
            async () => Expect((await store.GetRunColumnsAsync(experiments)).Metrics.Count, 1000));
        figures["columns_all"] = await TimeAsync("columns of every run", settings.Rounds,
            async () => Expect((await store.GetRunColumnsAsync(null)).Metrics.Count, 1001)); // and the series run's loss
        return figures;
    }

    /// <summary>
    /// Each run: 10 parameters (p1 is 'x' for one run in four), 3 tags, and 20 metrics of two points each — m0…m9 in every
    /// run, and 10 of 990 others (w000…w989), so 1,000 distinct metric names.
    /// </summary>
    private static async Task FillAsync(IMetadataStore store, int runs)
    {
        var t0 = DateTimeOffset.UtcNow;
        var parallel = store is SqliteMetadataStore ? 1 : 4; // SQLite has one writer anyway
        await Parallel.ForAsync(0, runs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, cancellationToken) =>
        {
            var random = new Random(i);
            var info = await store.CreateRunAsync(new RunStart(Experiment, Tags: new Dictionary<string, string> { ["team"] = $"t{i % 5}", ["recipe"] = "small", ["seed"] = $"{i}" })
            {
                Environment = RunEnvironment.Unknown,
                StartTime = t0.AddSeconds(i),
            }, cancellationToken);
            var parameters = Enumerable.Range(0, 10).ToDictionary(p => $"p{p}", p => p == 1 ? (i % 4 == 0 ? "x" : "y") : $"{random.Next(100)}");
            var names = Enumerable.Range(0, 10).Select(m => $"m{m}").Concat(Enumerable.Range(0, 10).Select(m => $"w{(i * 10 + m) % 990:000}"));
            var metrics = names.SelectMany(name => new[]
            {
                new MetricPoint(name, random.NextDouble(), 0, 1, t0),
                new MetricPoint(name, random.NextDouble(), 1, 2, t0.AddSeconds(1)),
            }).ToList();
            await store.LogBatchAsync(info.RunId, new RunBatch(parameters, null, metrics), cancellationToken);
        });
    }

    private static int Expect(int actual, int expected) =>
        actual == expected ? actual : throw new InvalidOperationException($"Expected {expected:N0}, got {actual:N0}.");

    private static async Task<JsonObject> TimeAsync(string what, int rounds, Func<Task> call)
    {
        for (var i = 0; i < 2; i++) await call();
        var times = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var median = LoggingThroughput.Median(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {median:0.0} ms (min {times.Min():0.0}, max {times.Max():0.0})"));
        return new JsonObject
        {
            ["ms_median"] = Math.Round(median, 2),
            ["ms_min"] = Math.Round(times.Min(), 2),
            ["ms_max"] = Math.Round(times.Max(), 2),
        };
    }

    private static async Task<JsonObject> TimeAsync(string what, int rounds, Func<Task<int>> call) =>
        await TimeAsync(what, rounds, async () => { await call(); });

}
