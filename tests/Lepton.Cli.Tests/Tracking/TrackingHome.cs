using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Tracking;

namespace Lepton.Cli.Tests.Tracking;

/// <summary>
/// A fresh Lepton home for one test: LEPTON_HOME points at a temporary folder (so the CLI opens a SQLite store
/// there), the other tracking variables are cleared, and everything is restored and deleted afterwards.
/// </summary>
internal sealed class TrackingHome : IDisposable
{
    private static readonly string[] Variables = [LeptonHome.Variable, TrackingSettings.UriVariable, TrackingSettings.ArtifactVariable];
    private readonly Dictionary<string, string?> _saved = [];

    public TrackingHome()
    {
        Folder = Directory.CreateTempSubdirectory("lepton-cli-tracking-").FullName;
        foreach (var name in Variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        Environment.SetEnvironmentVariable(LeptonHome.Variable, Folder);
    }

    public string Folder { get; }

    public string File(string name) => Path.Combine(Folder, name);

    public static Task<TrackingClient> OpenAsync() => TrackingClient.OpenAsync(TrackingSettings.FromEnvironment());

    /// <summary>
    /// Records a finished run through the tracking API: parameters, and per-epoch metric series (step = 10 per
    /// epoch), plus <c>loss</c> per step without an epoch when <paramref name="stepLoss"/> is given.
    /// </summary>
    public static async Task<string> RecordRunAsync(
        TrackingClient client, string experiment, string name, IReadOnlyDictionary<string, object?> parameters,
        IReadOnlyDictionary<string, double[]> perEpoch, double[]? stepLoss = null, RunStatus status = RunStatus.Finished)
    {
        var run = await client.StartRunAsync(experiment, name, source: "dotnet test");
        run.LogParams(parameters);
        foreach (var (key, values) in perEpoch)
        {
            for (var i = 0; i < values.Length; i++) run.LogMetric(key, values[i], step: (i + 1) * 10, epoch: i + 1);
        }

        if (stepLoss is not null)
        {
            for (var i = 0; i < stepLoss.Length; i++) run.LogMetric("loss", stepLoss[i], step: i);
        }

        await run.EndAsync(status);
        return run.RunId;
    }

    /// <summary>A tiny real model file (4 inputs, 3 classes).</summary>
    public string SaveTinyModel(string fileName = "tiny.lepton")
    {
        var path = File(fileName);
        using var model = new Sequential(new Shape(4), new Dense(8, "relu"), new Dense(3));
        model.Save(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
