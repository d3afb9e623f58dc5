using System.CommandLine;
using Lepton.Nn.Models;
using Lepton.Tracking;

namespace Lepton.Cli.Commands;

/// <summary>Loads a model file named on the command line, with a message that says what to do when it is missing.</summary>
internal static class ModelLoader
{
    public static Model Load(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"Model file '{path}' does not exist. Train one with 'lepton quickstart' (it writes models/fashion-mnist.lepton).");
        return Model.Load(path);
    }

    /// <summary>A model file, or else a registered model (<c>name@alias</c>, <c>name/version</c>) from the tracking store.</summary>
    public static async Task<Model> LoadAsync(string source, TrackingStoreOption store, ParseResult result, CancellationToken cancellationToken)
    {
        if (File.Exists(source) || !IsRegistryReference(source)) return Load(source);
        await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
        return await client.Registry.LoadAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="LoadAsync"/>, with the registered version it names (null for a model file).</summary>
    public static async Task<(Model Model, ModelVersion? Version)> LoadVersionAsync(string source, TrackingStoreOption store, ParseResult result, CancellationToken cancellationToken)
    {
        if (File.Exists(source) || !IsRegistryReference(source)) return (Load(source), null);
        await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
        var (version, path) = await client.Registry.DownloadAsync(source, cancellationToken).ConfigureAwait(false);
        return (Model.Load(path), version);
    }

    /// <summary><c>name@alias</c> or <c>name/3</c>, and not a path to a file that might exist.</summary>
    private static bool IsRegistryReference(string source) =>
        !source.EndsWith(".lepton", StringComparison.OrdinalIgnoreCase)
        && (source.Contains('@', StringComparison.Ordinal) || (source.Split('/') is [var name, var version] && name.Length > 0 && int.TryParse(version, out _)));
}
