using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Optimizers;

namespace Lepton.Nn.Models;

/// <summary>What <see cref="Model.Compile"/> set: the optimizer, the loss and the metrics.</summary>
public sealed record CompiledState(Optimizer Optimizer, Loss Loss, IReadOnlyList<Metric> Metrics);
