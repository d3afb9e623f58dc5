using Lepton.Nn.Models;

namespace Lepton.Tracking;

/// <summary>Loading registered Lepton models.</summary>
public static class ModelRegistryExtensions
{
    /// <summary>Loads the model a reference names (<c>name@alias</c>, <c>name/version</c>, <c>name</c>), downloaded into the cache first.</summary>
    public static async Task<Model> LoadAsync(this ModelRegistry registry, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var (_, path) = await registry.DownloadAsync(reference, cancellationToken).ConfigureAwait(false);
        return Model.Load(path);
    }

    /// <summary>
    /// Registers a <c>.lepton</c> file as the next version of <paramref name="name"/> after loading it once, so a
    /// damaged or foreign file is refused (<see cref="Nn.Serialization.ModelFileException"/>) and nothing is registered.
    /// </summary>
    public static Task<ModelVersion> RegisterModelFileAsync(this ModelRegistry registry, string name, string path, string? runId = null, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using (Model.Load(path))
        {
            // loading checks the description and the weights' hash before anything is registered
        }

        return registry.RegisterFileAsync(name, path, runId, description, cancellationToken);
    }
}
