using System.Text.Json.Serialization;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// One step of a pipeline: its settings, and after <see cref="Fit"/> its fitted state (statistics from the
/// training data only). A fitted step serialises to JSON with everything <see cref="Apply"/> needs.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "step")]
[JsonDerivedType(typeof(ImputeStep), "impute")]
[JsonDerivedType(typeof(OutlierStep), "outliers")]
[JsonDerivedType(typeof(DeduplicateStep), "deduplicate")]
[JsonDerivedType(typeof(ScaleStep), "scale")]
[JsonDerivedType(typeof(LogStep), "log")]
[JsonDerivedType(typeof(OneHotStep), "onehot")]
[JsonDerivedType(typeof(OrdinalStep), "ordinal")]
[JsonDerivedType(typeof(TargetEncodeStep), "target_encode")]
[JsonDerivedType(typeof(DatePartsStep), "date_parts")]
[JsonDerivedType(typeof(VarianceThresholdStep), "variance_threshold")]
[JsonDerivedType(typeof(CorrelationFilterStep), "correlation_filter")]
[JsonDerivedType(typeof(PcaStep), "pca")]
[JsonDerivedType(typeof(PolynomialStep), "polynomial")]
[JsonDerivedType(typeof(DropColumnsStep), "drop_columns")]
[JsonDerivedType(typeof(HashingStep), "hashing")]
[JsonDerivedType(typeof(SelectBestStep), "select_best")]
[JsonDerivedType(typeof(ModelSelectionStep), "model_selection")]
[JsonDerivedType(typeof(TfIdfStep), "tfidf")]
[JsonDerivedType(typeof(TokenIdsStep), "token_ids")]
[JsonDerivedType(typeof(SubwordIdsStep), "subword_ids")]
[JsonDerivedType(typeof(DropMissingStep), "drop_missing")]
[JsonDerivedType(typeof(FilterStep), "filter")]
internal abstract record PipelineStep
{
    /// <summary>
    /// True for a step that removes rows: it shapes the training table, and <see cref="FittedPipeline.Apply"/> skips it
    /// unless asked, so a prediction gets one output per input.
    /// </summary>
    [JsonIgnore]
    public virtual bool DropsRows => false;

    /// <summary>The step as people read it, e.g. "impute age (median)".</summary>
    public abstract string Describe();

    /// <summary>Computes the fitted state from the training table and returns the fitted step.</summary>
    public abstract PipelineStep Fit(WorkingTable train);

    /// <summary>Transforms a table in place with the fitted state and says what changed.</summary>
    public abstract StepReport Apply(WorkingTable table);

    /// <summary>Transforms the training table right after fitting; steps that must not see a row's own target there (target encoding) override it.</summary>
    public virtual StepReport ApplyToTraining(WorkingTable train) => Apply(train);

    /// <summary>Throws naming the column and the step when the table lacks it.</summary>
    protected void Require(WorkingTable table, IEnumerable<string> columns)
    {
        foreach (var column in columns)
        {
            if (!table.Has(column))
                throw new PipelineException($"Step '{Describe()}' needs the column '{column}', but the table has no such column. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}. Add the column, or give it a default with Pipeline.WithDefault(\"{column}\", value) (YAML: defaults:).");
        }
    }

    protected static string Col(string name) => Tables.Sql.Name(name);

    protected static string Num(double value) => Tables.Sql.Number(value);

    protected static double ToDouble(object? value) => value is null ? double.NaN : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    protected static long Nulls(WorkingTable table, string column) => table.Count($"{Col(column)} IS NULL");
}
