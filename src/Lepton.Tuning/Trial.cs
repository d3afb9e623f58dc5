using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning;

/// <summary>
/// One run of the objective: the parameters drawn for it, and the way to report progress so the pruner can stop it
/// (<see cref="Report"/> after each epoch or boosting round, then <see cref="ShouldPrune"/>).
/// </summary>
public sealed class Trial
{
    private readonly IStudyStore store;
    private readonly StudyInfo study;
    private readonly IPruner pruner;
    private readonly Dictionary<string, JsonNode?> values;
    private TrialRecord record;

    internal Trial(IStudyStore store, StudyInfo study, IPruner pruner, TrialRecord record)
    {
        this.store = store;
        this.study = study;
        this.pruner = pruner;
        this.record = record;
        values = record.Parameters.ToDictionary(p => p.Key, p => study.Space[p.Key].Distribution.ToValue(p.Value), StringComparer.Ordinal);
    }

    /// <summary>The trial's number in its study.</summary>
    public int Number => record.Number;

    /// <summary>The study's name.</summary>
    public string StudyName => study.Name;

    /// <summary>The parameters that exist in this trial, by name, as values (numbers, strings, lists…).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Parameters => values;

    /// <summary>Whether the last <see cref="Report"/> made the pruner stop the trial.</summary>
    public bool ShouldPrune { get; private set; }

    internal long Id => record.Id;

    /// <summary>The trial as this worker last knew it: read back with the last report, or kept here.</summary>
    internal TrialRecord Record => record;

    /// <summary>The value of the last step reported, or null before the first report.</summary>
    internal double? LastValue => record.LastStep is { } step ? record.Intermediate[step] : null;

    /// <summary>Whether parameter <paramref name="name"/> exists in this trial (a conditional one may not).</summary>
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Parameter <paramref name="name"/> as a number.</summary>
    public double GetDouble(string name) => JsonNumber.Read(Value(name)) ?? throw Wrong(name, "a number");

    /// <summary>Parameter <paramref name="name"/> as an integer.</summary>
    public long GetInt64(string name) => JsonNumber.Read(Value(name)) is { } d && d == Math.Floor(d) ? (long)d : throw Wrong(name, "an integer");

    /// <summary>Parameter <paramref name="name"/> as text.</summary>
    public string GetString(string name) => Value(name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Wrong(name, "text");

    /// <summary>Parameter <paramref name="name"/> as true or false.</summary>
    public bool GetBoolean(string name) => Value(name) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw Wrong(name, "true or false");

    /// <summary>Parameter <paramref name="name"/> as it was chosen (a list of layers, say).</summary>
    public JsonNode? Value(string name) =>
        values.TryGetValue(name, out var value) ? value?.DeepClone()
        : throw new KeyNotFoundException(study.Space.Find(name) is null
            ? $"The search space has no parameter '{name}'; it has {string.Join(", ", study.Space.Select(p => p.Name))}."
            : $"The parameter '{name}' does not exist in trial {Number}: its condition on '{study.Space[name].Condition!.Parameter}' does not hold.");

    /// <summary>Records the objective's value at <paramref name="step"/> (an epoch, a boosting round) and asks the pruner whether to stop; see <see cref="ShouldPrune"/>.</summary>
    public async Task<bool> ReportAsync(int step, double value, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        IReadOnlyList<TrialRecord> trials;
        if (pruner.JudgesByOtherTrials)
        {
            trials = await store.ReportAndReadAsync(study.Id, record.Id, step, value, cancellationToken).ConfigureAwait(false);
            record = trials.First(t => t.Id == record.Id);
        }
        else
        {
            // Nothing to read back: the store keeps a repeated step's first value, and so does this copy.
            await store.ReportAsync(record.Id, step, value, cancellationToken).ConfigureAwait(false);
            if (!record.Intermediate.ContainsKey(step)) record = record with { Intermediate = new Dictionary<int, double>(record.Intermediate) { [step] = value } };
            trials = [record];
        }

        var decision = pruner.Judge(new StudySnapshot(study, trials), record);
        if (decision.Attributes.Count > 0)
        {
            await store.SetAttributesAsync(record.Id, decision.Attributes, cancellationToken).ConfigureAwait(false);
            var attributes = new Dictionary<string, double>(record.Attributes);
            foreach (var (key, kept) in decision.Attributes) attributes[key] = kept;
            record = record with { Attributes = attributes };
        }

        ShouldPrune = decision.Prune;
        return ShouldPrune;
    }

    /// <summary>
    /// <see cref="ReportAsync"/> for code that cannot await, such as a training callback: it blocks until the store has the value.
    /// Returns whether the pruner stops the trial.
    /// </summary>
    public bool Report(int step, double value) =>
        // On a thread with no context to return to (the tuner's own trial threads) waiting in place is safe and saves a
        // hop to the thread pool per report; elsewhere (a UI thread, say) the pool runs it, so nothing waits on itself.
        SynchronizationContext.Current is null && TaskScheduler.Current == TaskScheduler.Default
            ? ReportAsync(step, value).GetAwaiter().GetResult()
            : Task.Run(() => ReportAsync(step, value)).GetAwaiter().GetResult();

    /// <summary>Throws <see cref="TrialPrunedException"/> if the pruner stopped the trial.</summary>
    public void ThrowIfPruned()
    {
        if (ShouldPrune) throw new TrialPrunedException(string.Create(CultureInfo.InvariantCulture, $"Trial {Number} was pruned at step {record.LastStep}."));
    }

    private InvalidOperationException Wrong(string name, string expected) =>
        new($"The parameter '{name}' of trial {Number} is {values[name]?.ToJsonString() ?? "null"}, not {expected}.");
}
