using Lepton.Nn.Layers;
using Lepton.Nn.Models;

namespace Lepton.Zoo;

/// <summary>Reads a part of a saved zoo model (a GAN's generator, a VAE's encoder, …) back from its config.</summary>
internal static class ModelParts
{
    /// <summary>The model stored under <paramref name="part"/> in the config of a <paramref name="owner"/>.</summary>
    public static Model Create(LayerConfig config, string part, string owner)
    {
        var layer = LayerRegistry.Create(config.GetConfig(part));
        return layer as Model ?? throw new InvalidDataException($"The {part} of a {owner} must be a model, not a {layer.TypeName}.");
    }
}
