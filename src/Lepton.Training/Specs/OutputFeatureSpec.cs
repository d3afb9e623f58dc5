using YamlDotNet.Core;

namespace Lepton.Training.Specs;

/// <summary>One of a spec's <c>output_features</c>: the column predicted and its type (category, binary or number).</summary>
internal sealed class OutputFeatureSpec
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public Mark Position { get; init; } = Mark.Empty;

    public bool IsClassification => Type is SpecVocabulary.Category or SpecVocabulary.Binary;
}
