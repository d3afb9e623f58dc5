using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>Weight initializers by Keras name: glorot_uniform (the default), glorot_normal, he_uniform, he_normal, lecun_normal, zeros, ones.</summary>
internal static class Initializers
{
    public static readonly string[] Names = ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_normal", "zeros", "ones"];

    /// <summary>A new tensor of <paramref name="shape"/> filled by <paramref name="name"/> given the fan in and out.</summary>
    public static Tensor Create(string name, long[] shape, long fanIn, long fanOut)
    {
        using var noGrad = no_grad();
        return name switch
        {
            "glorot_uniform" => Uniform(shape, Math.Sqrt(6.0 / (fanIn + fanOut))),
            "glorot_normal" => randn(shape) * Math.Sqrt(2.0 / (fanIn + fanOut)),
            "he_uniform" => Uniform(shape, Math.Sqrt(6.0 / fanIn)),
            "he_normal" => randn(shape) * Math.Sqrt(2.0 / fanIn),
            "lecun_normal" => randn(shape) * Math.Sqrt(1.0 / fanIn),
            "zeros" => zeros(shape),
            "ones" => ones(shape),
            _ => throw new ArgumentException($"Unknown initializer '{name}'. Known: {string.Join(", ", Names)}."),
        };
    }

    public static string Validate(string name) =>
        Names.Contains(name) ? name : throw new ArgumentException($"Unknown initializer '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    private static Tensor Uniform(long[] shape, double limit) => rand(shape) * (2 * limit) - limit;
}
