using Lepton.Data.Images;
using Lepton.Nn.Models;

namespace Lepton.Cli.Commands;

/// <summary>The image format a model file says its inputs come in.</summary>
internal static class ImageInput
{
    public static ImageFormat FormatOf(Model model, string modelPath) => FormatOf(model.Metadata, modelPath);

    public static ImageFormat FormatOf(ModelMetadata metadata, string modelPath) =>
        ImageFormat.FromPreprocessing(metadata.Preprocessing)
            ?? throw new CliException($"'{modelPath}' does not take images (its preprocessing has no image format), so --image cannot be used with it.");
}
