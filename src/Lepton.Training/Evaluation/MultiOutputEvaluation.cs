using System.Text.Json.Nodes;

namespace Lepton.Training.Evaluation;

/// <summary>A multi-task model's evaluation on one data set: the figures of each output feature, in the model's output order.</summary>
public sealed class MultiOutputEvaluation
{
    /// <summary>Pairs each output's figures with the data they were computed on.</summary>
    /// <param name="data">What was evaluated on, for people: a file.</param>
    /// <param name="outputs">One evaluation per output, each naming its output (<see cref="ModelEvaluation.Output"/>).</param>
    /// <exception cref="ArgumentException">There is no output, or an output is unnamed or named twice.</exception>
    public MultiOutputEvaluation(string data, IReadOnlyList<ModelEvaluation> outputs)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0) throw new ArgumentException("Give the evaluation of at least one output.", nameof(outputs));
        if (outputs.Any(o => o.Output is null) || outputs.Select(o => o.Output).Distinct(StringComparer.Ordinal).Count() != outputs.Count)
            throw new ArgumentException("Every output's evaluation must name its output, each a different one.", nameof(outputs));
        Data = data;
        Outputs = outputs.ToList();
    }

    /// <summary>What was evaluated on.</summary>
    public string Data { get; }

    /// <summary>The figures of each output, in the model's output order.</summary>
    public IReadOnlyList<ModelEvaluation> Outputs { get; }

    /// <summary>The figures of the output named <paramref name="output"/>.</summary>
    /// <exception cref="KeyNotFoundException">No output has that name.</exception>
    public ModelEvaluation this[string output] =>
        Outputs.FirstOrDefault(o => o.Output == output) ?? throw new KeyNotFoundException($"'{output}' is not one of the outputs evaluated: {string.Join(", ", Outputs.Select(o => o.Output))}.");

    /// <summary>
    /// The evaluation as JSON: <c>{"task": "multi_output", "data": …, "outputs": {"NAME": {…}, …}}</c>, each output's
    /// object as <see cref="ModelEvaluation.ToJson"/> writes it for a model of that one output.
    /// </summary>
    public string ToJson() => new JsonObject
    {
        ["task"] = "multi_output",
        ["data"] = Data,
        ["outputs"] = new JsonObject(Outputs.Select(o => KeyValuePair.Create(o.Output!, (JsonNode?)o.ToJsonObject()))),
    }.ToJsonString(ModelEvaluation.Indented);
}
