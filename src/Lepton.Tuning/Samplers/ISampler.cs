using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Samplers;

/// <summary>Chooses the parameters of a new trial from the study's trials so far.</summary>
public interface ISampler
{
    /// <summary>The internal values (see <see cref="Spaces.Distribution.ToValue"/>) of the parameters that exist for <paramref name="trial"/>, by name.</summary>
    /// <param name="study">The study and its trials, <paramref name="trial"/> among them (running, no parameters yet).</param>
    /// <param name="trial">The trial to draw for.</param>
    IReadOnlyDictionary<string, double> Sample(StudySnapshot study, TrialRecord trial);

    /// <summary>How many trials the sampler can give at most (a grid's size), or null for no limit.</summary>
    int? TrialLimit(Spaces.SearchSpace space) => null;
}
