using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lepton.Training.Specs;

/// <summary>One of a spec's <c>input_features</c>: a column, its type, its own preprocessing steps (or the type's default) and its encoder.</summary>
internal sealed class InputFeatureSpec
{
    public required string Name { get; init; }

    /// <summary>number, category, binary, text, date or image.</summary>
    public required string Type { get; init; }

    /// <summary>Steps in the data layer's vocabulary; a step without <c>column:</c>/<c>columns:</c> works on this feature. Null: the type's default.</summary>
    public List<YamlMappingNode>? Preprocessing { get; set; }

    /// <summary>How the preprocessed values reach the combiner: passthrough (numbers as they are) or tf_idf for text. Null: the type's default.</summary>
    public string? Encoder { get; set; }

    /// <summary>Where the feature's name is written, for errors about the column.</summary>
    public Mark Position { get; init; } = Mark.Empty;
}
