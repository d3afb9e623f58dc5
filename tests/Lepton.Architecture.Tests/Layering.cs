namespace Lepton.Architecture.Tests;

/// <summary>Which assembly must never depend on which: the layering of docs/architecture.md, in one table.</summary>
internal static class Layering
{
    private const string TorchSharp = "TorchSharp*";
    private const string Libtorch = "libtorch*";
    private const string AspNetCore = "Microsoft.AspNetCore.*";
    // ML.NET and LightGBM train trees; a trained tree model is a TreeEnsemble layer, which needs neither.
    private static readonly string[] TreeTraining = ["Lepton.Training", "Microsoft.ML", "Microsoft.ML.LightGbm", "Microsoft.ML.FastTree", "LightGBM"];

    /// <summary>
    /// Every project under src/ has a row (with its exact assembly name; the command line's assembly is "lepton"),
    /// even one that may depend on everything. A row for a project that does not exist yet applies once it does.
    /// </summary>
    public static readonly LayerRule[] Rules =
    [
        //       assembly                     never depends on, even indirectly                                    why
        new("Lepton.Core",             ["Lepton.*", TorchSharp, Libtorch],
            "the foundations sit under everything and load no native engine"),
        new("Lepton.Engine",           ["Lepton.Data*", "Lepton.Nn", "Lepton.Tracking*", "Lepton.Serving*"],
            "the engine runtime sits right above Core"),
        new("Lepton.Data",             ["Lepton.Data.Reports", "Lepton.Nn", "Lepton.Tracking*", "Lepton.Serving*"],
            "data sits under the models and knows nothing of tracking or serving"),
        new("Lepton.Data.Reports",     ["Lepton.Nn", "Lepton.Tracking*", "Lepton.Serving*"],
            "the data report sits beside Data"),
        new("Lepton.Nn",               ["Lepton.Data.Reports", "Lepton.Tracking*", "Lepton.Serving*", .. TreeTraining],
            "models hook into tracking by callbacks and carry no charting library; tree models are plain layers"),
        new("Lepton.Training",         ["Lepton.Data.Reports", "Lepton.Tracking*", "Lepton.Serving*", AspNetCore],
            "lepton train's engine sits on Data and Nn; tracking hooks in by callbacks; its evaluation report draws with ScottPlot itself, " +
            "as the data report does, rather than reach into the data report's internals"),
        new("Lepton.Tuning",           ["Lepton.Data.Reports", "Lepton.Tracking*", "Lepton.Serving*", AspNetCore, .. TreeTraining],
            "the tuner sits on Nn (a trial reports through a Fit callback) and tunes any objective; Training uses it for specs and " +
            "automatic mode; its study store contract is implemented by tracking, not the other way round"),
        new("Lepton.Zoo",              ["Lepton.Data.Reports", "Lepton.Training", "Lepton.Tuning", "Lepton.Tracking*", "Lepton.Serving*", AspNetCore, .. TreeTraining],
            "the zoo's recipes sit on Data and Nn like a user's program; the command line records and serves them"),
        new("Lepton.Export",           ["Lepton.Data.Reports", "Lepton.Training", "Lepton.Tuning", "Lepton.Tracking*", "Lepton.Serving*", AspNetCore, .. TreeTraining],
            "export, compression and ensembles work on any trained model (a tree model is a TreeEnsemble layer); serving and the command line use them"),
        new("Lepton.Tracking",         ["Lepton.Engine", "Lepton.Data*", "Lepton.Nn", "Lepton.Serving*", TorchSharp, Libtorch],
            "tracking is libtorch-free, so its server and clients stay small"),
        new("Lepton.Tracking.Nn",      ["Lepton.Serving*"],
            "Nn's tracking glue sits under serving"),
        new("Lepton.Tracking.Tuning",  ["Lepton.Serving*", AspNetCore],
            "studies in the tracking database: the bridge between the tuner's store contract and tracking's tables sits under serving"),
        new("Lepton.Tracking.Server",  ["Lepton.Engine", TorchSharp, Libtorch],
            "a server-only project ships without libtorch"),
        new("Lepton.Serving",          [.. TreeTraining],
            "serving hosts models and may use every SDK layer but training's: a tree model serves through Nn alone; ONNX Runtime runs models through Lepton.Export"),
        new("Lepton.Serving.Client",   ["Lepton.Engine", "Lepton.Serving", TorchSharp, Libtorch, AspNetCore],
            "the client is protocol types and HttpClient: no engine, no ASP.NET Core"),
        new("Lepton.Web",              ["Lepton.Engine", TorchSharp, Libtorch],
            "the dashboard is server-only and ships without libtorch"),
        new("Lepton.Cluster.Abstractions", ["Lepton.*", TorchSharp, Libtorch, AspNetCore],
            "a cluster's contract (grain interfaces, messages) is shared by silos and clients and carries nothing but Orleans' own abstractions"),
        new("Lepton.Cluster",          ["Lepton.Web", "Lepton.Tracking.Server", "Lepton.Zoo"],
            "silos host grains over Tuning, Training and the tracking database; the servers and the command line host silos, not the other way round"),
        new("lepton",                  [],
            "the command line (Lepton.Cli) sits on top of everything"),
        new("Lepton.*",                ["lepton"],
            "no library depends on the command line"),
    ];
}
