using System.Text.Json.Nodes;
using Lepton.Data.Images;
using Lepton.Nn.Models;

namespace Lepton.Cli.Commands;

/// <summary>The image format a model file says its inputs come in.</summary>
internal static class ImageInput
{
    public const string PreprocessingKey = "image";

    public static ImageFormat FormatOf(Model model, string modelPath) =>
        model.Metadata.Preprocessing[PreprocessingKey] is JsonObject json
            ? ImageFormat.FromJson(json)
            : throw new CliException($"'{modelPath}' does not take images (its preprocessing has no image format), so --image cannot be used with it.");
}
