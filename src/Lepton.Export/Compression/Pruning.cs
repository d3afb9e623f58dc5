using System.Globalization;
using System.Text;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Export.Compression;

/// <summary>
/// Magnitude pruning during <see cref="Model.Fit"/> (Zhu and Gupta 2017; TensorFlow Model Optimization's
/// <c>prune_low_magnitude</c> as a callback): on the steps its <see cref="PruningSchedule"/> names, the smallest kernel
/// weights by magnitude are masked, per layer or globally, and after every training step the masks are applied again,
/// so pruned weights stay zero through Fit. Kernels of Dense, convolution, recurrent and attention layers are pruned;
/// biases, normalization and embeddings never. The weights are plain tensors with zeros throughout, so the trained
/// model saves, loads and exports as an ordinary model; <see cref="Strip"/> applies the masks a last time and lets them go.
/// </summary>
public sealed class Pruning : Callback
{
    private readonly HashSet<string>? _layers;
    private List<Kernel> _kernels = [];
    private Model? _target;

    /// <summary>Creates the callback.</summary>
    /// <param name="schedule">When to prune and to what sparsity, by training step.</param>
    /// <param name="scope">Rank weights within each kernel (the default) or over all pruned kernels together.</param>
    /// <param name="layers">The names of the layers to prune; null for every prunable layer.</param>
    public Pruning(PruningSchedule schedule, PruningScope scope = PruningScope.PerLayer, IEnumerable<string>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!Enum.IsDefined(scope)) throw new ArgumentOutOfRangeException(nameof(scope), scope, $"scope is one of {string.Join(", ", Enum.GetNames<PruningScope>())}.");
        Schedule = schedule;
        Scope = scope;
        _layers = layers?.ToHashSet(StringComparer.Ordinal);
        if (_layers is { Count: 0 }) throw new ArgumentException("The list of layers to prune is empty; give null to prune every prunable layer.", nameof(layers));
    }

    /// <summary>When to prune and to what sparsity.</summary>
    public PruningSchedule Schedule { get; }

    /// <summary>Where weights are ranked by magnitude.</summary>
    public PruningScope Scope { get; }

    /// <summary>Training steps seen so far (one per batch), across every Fit this callback took part in.</summary>
    public long Step { get; private set; }

    /// <summary>The sparsity of the masks in force (0 before the first pruning step).</summary>
    public double Sparsity { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingInfo info)
    {
        if (!ReferenceEquals(_target, Model)) Attach(Model);
        if (Schedule.PrunesAt(Step)) UpdateMasks(Schedule.SparsityAt(Step));
        ApplyMasks();
    }

    /// <inheritdoc />
    public override void OnBatchEnd(int batch, BatchLogs logs)
    {
        Step++;
        if (Schedule.PrunesAt(Step)) UpdateMasks(Schedule.SparsityAt(Step));
        ApplyMasks();
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs) => ApplyMasks();

    /// <summary>The sparsity of every kernel this callback prunes, as the weights are now.</summary>
    public IReadOnlyList<PrunedWeight> Report() =>
        _target is null ? [] : _kernels.Select(k => k.Measure()).ToList();

    /// <summary>
    /// Makes the pruning permanent: applies the masks a last time and releases them, so the model is an ordinary one
    /// whose pruned weights are zeros and later training may change them. Returns the sparsity reached per kernel.
    /// </summary>
    public IReadOnlyList<PrunedWeight> Strip()
    {
        ApplyMasks();
        var report = Report();
        foreach (var k in _kernels) k.Release();
        _kernels = [];
        _target = null;
        return report;
    }

    /// <summary>The sparsity of every prunable kernel of <paramref name="model"/> (for a model pruned earlier and loaded).</summary>
    public static IReadOnlyList<PrunedWeight> Measure(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FindKernels(model).Select(k => k.Measure()).ToList();
    }

    /// <summary>A table of a report: layer, weight, count, zeros, sparsity, and the total.</summary>
    public static string Format(IReadOnlyList<PrunedWeight> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        var width = Math.Max(5, report.Select(r => r.Layer.Length + 1 + r.Weight.Length).DefaultIfEmpty(0).Max());
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"Layer".PadRight(width)}  {"Weights",10}  {"Zeros",10}  Sparsity");
        foreach (var r in report)
            sb.AppendLine(CultureInfo.InvariantCulture, $"{(r.Layer + "." + r.Weight).PadRight(width)}  {r.Count,10:N0}  {r.Zeros,10:N0}  {r.Sparsity * 100,7:0.00}%");
        var count = report.Sum(r => r.Count);
        var zeros = report.Sum(r => r.Zeros);
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"Total".PadRight(width)}  {count,10:N0}  {zeros,10:N0}  {(count == 0 ? 0 : (double)zeros / count * 100),7:0.00}%");
        return sb.ToString();
    }

    private void Attach(Model model)
    {
        if (!model.IsBuilt) throw new InvalidOperationException($"Pruning: model '{model.Name}' is not built yet, so it has no kernels to prune.");
        foreach (var k in _kernels) k.Release();
        var kernels = FindKernels(model);
        if (_layers is not null)
        {
            var unknown = _layers.Where(name => !kernels.Any(k => k.Matches(name))).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"Pruning: model '{model.Name}' has no prunable layer named {string.Join(", ", unknown.Select(n => $"'{n}'"))}; " +
                    $"its prunable layers are {string.Join(", ", kernels.Select(k => k.Layer).Distinct())}.");
            kernels = kernels.Where(k => _layers.Any(k.Matches)).ToList();
        }
        if (kernels.Count == 0)
            throw new InvalidOperationException($"Pruning: model '{model.Name}' has no Dense, convolution, recurrent or attention kernel to prune.");
        _kernels = kernels;
        _target = model;
    }

    private void UpdateMasks(double sparsity)
    {
        Sparsity = sparsity;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (Scope == PruningScope.PerLayer)
        {
            foreach (var k in _kernels) k.SetMask(SmallestOf(k.Weight.abs().flatten(), sparsity).reshape(k.Weight.shape));
            return;
        }
        var all = cat(_kernels.Select(k => k.Weight.detach().abs().flatten().to(CPU)).ToList(), 0);
        var pruned = SmallestOf(all, sparsity);
        long offset = 0;
        foreach (var k in _kernels)
        {
            var n = k.Weight.numel();
            k.SetMask(pruned.narrow(0, offset, n).reshape(k.Weight.shape).to(k.Weight.device));
            offset += n;
        }
    }

    /// <summary>True for the round(sparsity·n) smallest entries of <paramref name="magnitudes"/> (exactly that many, ties broken by position).</summary>
    private static Tensor SmallestOf(Tensor magnitudes, double sparsity)
    {
        var n = magnitudes.numel();
        var count = (long)Math.Round(sparsity * n);
        var pruned = zeros(n, ScalarType.Bool, magnitudes.device);
        if (count == 0) return pruned;
        var order = magnitudes.sort(0, descending: false, stable: true).Indices;
        return pruned.index_fill_(0, order.narrow(0, 0, count), true);
    }

    private void ApplyMasks()
    {
        using var noGrad = no_grad();
        foreach (var k in _kernels) k.Apply();
    }

    /// <summary>Every prunable kernel under <paramref name="root"/>, in module order.</summary>
    private static List<Kernel> FindKernels(Model root)
    {
        var found = new List<Kernel>();
        Walk(root, "", found);
        return found;
    }

    private static void Walk(nn.Module module, string path, List<Kernel> found)
    {
        foreach (var (name, child) in module.named_children())
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            var layerName = (child as Layer)?.Name ?? name;
            switch (child)
            {
                case Dense or Nn.Layers.Convolution or Conv2DTranspose:
                    foreach (var (pname, p) in child.named_parameters(recurse: false).Where(p => p.name == "weight"))
                        found.Add(new Kernel(childPath, layerName, pname, p));
                    break;
                case Recurrent:
                    foreach (var (pname, p) in child.named_parameters().Where(p => p.name.Contains("weight", StringComparison.Ordinal) && p.parameter.dim() >= 2))
                        found.Add(new Kernel(childPath, layerName, pname, p));
                    break;
                default:
                    Walk(child, childPath, found);
                    break;
            }
        }
    }

    /// <summary>One pruned tensor and its mask (true where the weight is pruned).</summary>
    private sealed class Kernel(string layer, string layerName, string weightName, Parameter weight)
    {
        private Tensor? _pruned;

        public string Layer { get; } = layer;

        public Parameter Weight { get; } = weight;

        public bool Matches(string name) => name == layerName || name == Layer;

        public void SetMask(Tensor pruned)
        {
            _pruned?.Dispose();
            _pruned = pruned.detach().clone().DetachFromDisposeScope();
        }

        public void Apply()
        {
            if (_pruned is not null) Weight.masked_fill_(_pruned, 0);
        }

        public PrunedWeight Measure()
        {
            using var scope = NewDisposeScope();
            var zeros = Weight.detach().eq(0).sum().item<long>();
            return new PrunedWeight(Layer, weightName, Weight.numel(), zeros);
        }

        public void Release()
        {
            _pruned?.Dispose();
            _pruned = null;
        }
    }
}
