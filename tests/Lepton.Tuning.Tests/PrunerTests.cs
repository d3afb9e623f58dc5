using Lepton.Tuning.Pruners;
using Lepton.Tuning.Studies;
using static Lepton.Tuning.Tests.Studies;

namespace Lepton.Tuning.Tests;

public sealed class PrunerTests
{
    private static List<TrialRecord> FiveComplete() =>
    [
        Trial(0, TrialState.Complete, 1.0, 0.8, 0.6),
        Trial(1, TrialState.Complete, 1.1, 0.9, 0.7),
        Trial(2, TrialState.Complete, 1.2, 1.0, 0.8),
        Trial(3, TrialState.Complete, 1.3, 1.1, 0.9),
        Trial(4, TrialState.Complete, 1.4, 1.2, 1.0),
    ];

    [Fact]
    public void The_median_pruner_stops_a_trial_worse_than_the_median_at_its_step()
    {
        var trials = FiveComplete();
        var worse = Trial(5, TrialState.Running, 1.5, 1.15);
        var better = Trial(6, TrialState.Running, 1.5, 0.95);
        var study = new StudySnapshot(Info(), [.. trials, worse, better]);
        // The median at step 1 is 1.0: 1.15 is worse, 0.95 better.
        Assert.True(new MedianPruner().Judge(study, worse).Prune);
        Assert.False(new MedianPruner().Judge(study, better).Prune);
    }

    [Fact]
    public void The_median_pruner_waits_for_its_startup_trials_and_warmup()
    {
        var four = FiveComplete().Take(4).ToList();
        var worse = Trial(5, TrialState.Running, 9, 9);
        Assert.False(new MedianPruner().Judge(new StudySnapshot(Info(), [.. four, worse]), worse).Prune);
        Assert.True(new MedianPruner(startupTrials: 4).Judge(new StudySnapshot(Info(), [.. four, worse]), worse).Prune);
        Assert.False(new MedianPruner(startupTrials: 4, warmupSteps: 2).Judge(new StudySnapshot(Info(), [.. four, worse]), worse).Prune);
    }

    [Fact]
    public void The_median_pruner_judges_by_the_trials_best_value_and_the_direction()
    {
        // Maximizing accuracy: the median at step 1 is 1.0; a trial whose best so far is 1.2 goes on even if it dipped.
        var trials = FiveComplete().Select(t => t with { State = TrialState.Complete }).ToList();
        var dipped = Trial(5, TrialState.Running, 1.2, 0.5);
        Assert.False(new MedianPruner().Judge(new StudySnapshot(Info(StudyDirection.Maximize), [.. trials, dipped]), dipped).Prune);
        var low = Trial(6, TrialState.Running, 0.5, 0.6);
        Assert.True(new MedianPruner().Judge(new StudySnapshot(Info(StudyDirection.Maximize), [.. trials, low]), low).Prune);
    }

    [Fact]
    public void Successive_halving_promotes_the_best_quarter_at_each_rung_and_records_the_rung()
    {
        var pruner = new SuccessiveHalvingPruner(minimumResource: 1, reductionFactor: 4);
        // Eight trials reached rung 0 (step 1) with values 0.1 … 0.8; a ninth arrives at step 1.
        var others = Enumerable.Range(0, 8).Select(i => Trial(i, TrialState.Running, 1, 0.1 * (i + 1)) with
        {
            Attributes = new Dictionary<string, double> { [SuccessiveHalvingPruner.RungKey(0)] = 0.1 * (i + 1) },
        }).ToList();
        var good = Trial(8, TrialState.Running, 1, 0.15);
        var bad = Trial(9, TrialState.Running, 1, 0.5);
        var goodDecision = pruner.Judge(new StudySnapshot(Info(), [.. others, good]), good);
        Assert.False(goodDecision.Prune);
        Assert.Equal(0.15, goodDecision.Attributes[SuccessiveHalvingPruner.RungKey(0)]);
        // Nine values: the best ⌊9/4⌋ = 2 go on; 0.5 is not among them.
        Assert.True(pruner.Judge(new StudySnapshot(Info(), [.. others, bad]), bad).Prune);
        // Before the first rung (step 0 < 1) nobody is judged.
        var early = Trial(10, TrialState.Running, 9);
        Assert.False(pruner.Judge(new StudySnapshot(Info(), [.. others, early]), early).Prune);
    }

    [Fact]
    public void Successive_halving_with_an_automatic_resource_waits_for_a_complete_trial()
    {
        var pruner = new SuccessiveHalvingPruner();
        var running = Trial(0, TrialState.Running, 5, 5, 5);
        Assert.False(pruner.Judge(new StudySnapshot(Info(), [running]), running).Prune);
        var complete = Trial(1, TrialState.Complete, Enumerable.Range(0, 300).Select(i => 1.0 / (i + 1)).ToArray());
        // 299 steps: the minimum resource is 2 and the first rung at step 2.
        var late = Trial(2, TrialState.Running, 5, 5, 5);
        var decision = pruner.Judge(new StudySnapshot(Info(), [complete, late]), late);
        Assert.True(decision.Attributes.ContainsKey(SuccessiveHalvingPruner.RungKey(0)));
    }

    [Fact]
    public void Hyperband_spreads_trials_over_brackets_by_their_budgets()
    {
        var pruner = new HyperbandPruner(minimumResource: 1, maximumResource: 27, reductionFactor: 3);
        // 27/1 with η = 3 gives 4 brackets, budgets ⌈4·3^s/(s+1)⌉ for s = 3, 2, 1, 0: 27, 12, 6, 4.
        var counts = new int[4];
        for (var n = 0; n < 4900; n++) counts[pruner.Bracket("study", n, 4)]++;
        var expected = new[] { 27, 12, 6, 4 }.Select(b => 4900.0 * b / 49).ToArray();
        for (var b = 0; b < 4; b++) Assert.InRange(counts[b], expected[b] * 0.85, expected[b] * 1.15);
    }

    [Fact]
    public void Hyperband_judges_a_trial_only_against_its_own_bracket()
    {
        var pruner = new HyperbandPruner(minimumResource: 1, maximumResource: 27, reductionFactor: 3);
        var numbers = Enumerable.Range(0, 400).ToList();
        var aggressive = numbers.Where(n => pruner.Bracket("study", n, 4) == 0).Take(10).ToList();
        var patient = numbers.Where(n => pruner.Bracket("study", n, 4) == 3).Take(10).ToList();
        // Patient-bracket trials with excellent values at rung 0 of their own (step 27) do not count against the aggressive bracket's trials at step 1.
        var strong = patient.Select(n => Trial(n, TrialState.Running, 0.0) with { Attributes = new Dictionary<string, double> { [SuccessiveHalvingPruner.RungKey(0)] = 0.0 } });
        var weak = aggressive.Take(4).Select((n, i) => Trial(n, TrialState.Running, 0, 1.0 + i) with { Attributes = new Dictionary<string, double> { [SuccessiveHalvingPruner.RungKey(0)] = 1.0 + i } });
        var judged = Trial(aggressive[5], TrialState.Running, 0, 1.05);
        var study = new StudySnapshot(Info(), [.. strong, .. weak, judged]);
        // In its bracket 1.05 is the second best of five and only ⌊5/3⌋ = 1 goes on: stopped, its rung value kept.
        var decision = pruner.Judge(study, judged);
        Assert.True(decision.Prune);
        Assert.True(decision.Attributes.ContainsKey(SuccessiveHalvingPruner.RungKey(0)));
        // 0.5 is the best of its bracket and goes on, though the other bracket's ten 0.0s would have stopped it.
        var best = Trial(aggressive[6], TrialState.Running, 0, 0.5);
        Assert.False(pruner.Judge(new StudySnapshot(Info(), [.. strong, .. weak, best]), best).Prune);
    }

    [Fact]
    public void A_per_choice_pruner_judges_a_trial_only_against_trials_of_its_own_branch()
    {
        // Five complete networks (branch 0) learn fast per step; a tree trial (branch 1) starts slow.
        var networks = FiveComplete().Select(t => t with { Parameters = new Dictionary<string, double> { ["model_type"] = 0 } }).ToList();
        TrialRecord Tree(int number, TrialState state, params double[] curve) =>
            Trial(number, state, curve) with { Parameters = new Dictionary<string, double> { ["model_type"] = 1 } };
        var slowTree = Tree(5, TrialState.Running, 2.0, 1.9);
        var pruner = new PerChoicePruner(new MedianPruner(startupTrials: 2), "model_type");

        // Against the networks the median pruner would stop it; among trees there is no complete trial yet.
        Assert.True(new MedianPruner(startupTrials: 2).Judge(new StudySnapshot(Info(), [.. networks, slowTree]), slowTree).Prune);
        Assert.False(pruner.Judge(new StudySnapshot(Info(), [.. networks, slowTree]), slowTree).Prune);

        // With two complete trees, a tree worse than their median at its step is stopped, a better one is not.
        var trees = new[] { Tree(6, TrialState.Complete, 2.0, 1.5, 1.0), Tree(7, TrialState.Complete, 2.1, 1.6, 1.1) };
        Assert.True(pruner.Judge(new StudySnapshot(Info(), [.. networks, .. trees, slowTree]), slowTree).Prune);
        var goodTree = Tree(8, TrialState.Running, 2.0, 1.4);
        Assert.False(pruner.Judge(new StudySnapshot(Info(), [.. networks, .. trees, goodTree]), goodTree).Prune);
    }

    [Fact]
    public void A_per_choice_pruner_uses_a_branchs_own_pruner_when_it_has_one()
    {
        var space = new Lepton.Tuning.Spaces.SearchSpace()
            .Add("model_type", new Lepton.Tuning.Spaces.CategoricalDistribution([System.Text.Json.Nodes.JsonValue.Create("nn"), System.Text.Json.Nodes.JsonValue.Create("gbm")]));
        var info = Info() with { Space = space };
        TrialRecord Tree(int number, TrialState state, params double[] curve) =>
            Trial(number, state, curve) with { Parameters = new Dictionary<string, double> { ["model_type"] = 1 } };
        var trees = Enumerable.Range(0, 5).Select(i => Tree(i, TrialState.Complete, 1.0, 0.5, 0.2)).ToList();
        var slow = Tree(5, TrialState.Running, 2.0);
        var pruner = new PerChoicePruner(new MedianPruner(), "model_type", new Dictionary<string, IPruner> { ["gbm"] = new MedianPruner(warmupSteps: 2) });
        // The trees' own pruner waits two steps; the default one would stop the trial at step 0.
        Assert.False(pruner.Judge(new StudySnapshot(info, [.. trees, slow]), slow).Prune);
        Assert.True(new PerChoicePruner(new MedianPruner(), "model_type").Judge(new StudySnapshot(info, [.. trees, slow]), slow).Prune);
        var later = Tree(6, TrialState.Running, 2.0, 1.9, 1.8);
        Assert.True(pruner.Judge(new StudySnapshot(info, [.. trees, later]), later).Prune);
    }
}
