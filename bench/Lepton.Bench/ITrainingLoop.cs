namespace Lepton.Bench;

/// <summary>One way of training the benchmark CNN on Fashion-MNIST, run a round at a time and timed as a whole.</summary>
internal interface ITrainingLoop : IDisposable
{
    /// <summary>The key in the results file (<c>torchsharp</c>, <c>lepton</c>).</summary>
    string Key { get; }

    /// <summary>What the loop is, for the report.</summary>
    string Description { get; }

    /// <summary>Trains one round of the configured number of steps; the model keeps learning from round to round.</summary>
    RoundOutcome Run();
}
