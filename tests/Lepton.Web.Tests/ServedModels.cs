using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Serving;
using Lepton.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Lepton.Web.Tests;

/// <summary>
/// A real <c>lepton serve</c> (InferenceServer on 127.0.0.1) with a table model in two versions (records with x, y and
/// a city that defaults) and an 8×8 image model, and a dashboard that knows it, over the collection's store.
/// </summary>
public sealed class ServedModels : IAsyncLifetime
{
    public static readonly string[] Classes = ["cat", "dog", "bird"];

    private readonly TempFolder _folder = new();
    private WebApplication? _dashboard;

    public InferenceServer Server { get; private set; } = default!;

    public Uri Address { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var table1 = Table(_folder.PathOf("table-1.lepton"), 17);
        var table2 = Table(_folder.PathOf("table-2.lepton"), 19);
        var image = Image(_folder.PathOf("image.lepton"));
        Server = InferenceServer.Create(new ServingOptions
        {
            Port = 0,
            KeysPath = _folder.PathOf("keys.json"),
            AuditLogPath = _folder.PathOf("audit.jsonl"),
            MaxQueueDelay = TimeSpan.FromMilliseconds(2),
        }, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await Server.StartAsync();
        await Server.LoadAsync(table1, name: "churn", version: "1");
        await Server.LoadAsync(table2, name: "churn", version: "2", switchTraffic: false);
        await Server.LoadAsync(image, name: "shapes");

        var store = _folder.PathOf("store");
        var options = new DashboardServerOptions { Port = 0, TrackingUri = Lepton.Tracking.TrackingSettings.InFolder(store).TrackingUri, ArtifactRoot = Lepton.Tracking.TrackingSettings.InFolder(store).ArtifactRoot };
        options.Serving.Add(new ServingEndpoint(Server.Address));
        _dashboard = await DashboardServer.CreateAsync(options);
        await _dashboard.StartAsync();
        Address = DashboardServer.AddressOf(_dashboard);
    }

    /// <summary>Dense(3) over a fitted pipeline (x, y scaled; city one-hot with a default), the file listing the raw columns it reads.</summary>
    private string Table(string path, int seed)
    {
        var csv = _folder.PathOf("train.csv");
        var cities = new[] { "Paris", "Lyon", "Nice" };
        File.WriteAllLines(csv, new[] { "x,y,city,label" }.Concat(Enumerable.Range(0, 60).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i * 0.5},{100 - i * 3.25},{cities[i % 3]},{Classes[i % 3]}"))));
        using var train = Lepton.Data.Tables.Table.Read(csv);
        var fitted = Pipeline.Create().WithDefault("city", "Paris").OneHot("city").Scale(Scaling.Standard, "x", "y").Fit(train);
        var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList(), inputs: ["x", "y", "city"]);
        LeptonRuntime.Seed(seed);
        using var model = new Sequential(new Shape(table.Features.Count), new Dense(3));
        table.WriteTo(model.Metadata.Preprocessing);
        return Save(model, path);
    }

    private static string Image(string path)
    {
        LeptonRuntime.Seed(5);
        using var model = new Sequential(new Shape(1, 8, 8), new Flatten(), new Dense(3));
        new ImageFormat { Channels = 1, Height = 8, Width = 8 }.WriteTo(model.Metadata.Preprocessing);
        return Save(model, path);
    }

    private static string Save(Model model, string path)
    {
        model.Metadata.ClassNames = Classes;
        model.Metadata.OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true);
        model.Save(path);
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_dashboard is not null) await _dashboard.DisposeAsync();
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServedCollection : ICollectionFixture<ServedModels>
{
    public const string Name = "served";
}
