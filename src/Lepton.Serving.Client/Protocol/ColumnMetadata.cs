namespace Lepton.Serving.Protocol;

/// <summary>A raw column a records model reads: a record names it, <c>{"age": 31, "city": "Paris"}</c>.</summary>
/// <param name="Name">The training table's column name.</param>
/// <param name="Kind">
/// Its kind in the training table, which is how the server types a value sent for it: <c>integer</c>, <c>float</c>,
/// <c>boolean</c>, <c>categorical</c>, <c>date_time</c>, <c>text</c> or <c>identifier</c>; null when the model file does not say.
/// </param>
/// <param name="Required">
/// True when a record must hold it (JSON <c>null</c> still stands for a missing value); false when the pipeline gives it
/// a default; null when the model file does not list the columns it reads (the list is then every column the
/// pipeline was fitted on, the target possibly among them).
/// </param>
/// <param name="Values">The categories the pipeline learned for it in training (a one-hot or ordinal encoding), in its order; null when it has none (or more than 1,000).</param>
public sealed record ColumnMetadata(string Name, string? Kind, bool? Required, IReadOnlyList<string>? Values = null);
