namespace Lepton.Training.Specs;

/// <summary>A spec's <c>trainer</c>: how the network learns (epochs, batch, optimizer, schedule, early stopping, class weights) and the time limit.</summary>
internal sealed class TrainerSpec
{
    public int? Epochs { get; set; }

    /// <summary>A whole number, or auto (32, 128 or 512 rows by the training rows' count).</summary>
    public string? BatchSize { get; set; }

    /// <summary>adam, adamw, sgd, rmsprop or adagrad.</summary>
    public string? Optimizer { get; set; }

    /// <summary>SGD's and RMSprop's momentum.</summary>
    public double? Momentum { get; set; }

    public double? LearningRate { get; set; }

    /// <summary>none, cosine, step or one_cycle.</summary>
    public string? Decay { get; set; }

    /// <summary>A step decay's factor.</summary>
    public double? DecayRate { get; set; }

    /// <summary>A step decay's period in epochs.</summary>
    public int? DecaySteps { get; set; }

    /// <summary>Epochs without improvement of the validation loss before the rate is cut; 0 turns it off.</summary>
    public int? ReduceOnPlateau { get; set; }

    public double? ReduceOnPlateauRate { get; set; }

    /// <summary>Epochs without improvement of the validation loss before training stops (keeping the best weights); -1 turns it off.</summary>
    public int? EarlyStop { get; set; }

    /// <summary>auto (balanced when the largest class is over 1.5 times the smallest), balanced or none; or <see cref="ClassWeightValues"/>.</summary>
    public string? ClassWeights { get; set; }

    /// <summary>Class name → weight, when given one by one.</summary>
    public Dictionary<string, double>? ClassWeightValues { get; set; }

    /// <summary>L2 penalty (as weight decay).</summary>
    public double? RegularizationLambda { get; set; }

    public TimeSpan? TimeLimit { get; set; }
}
