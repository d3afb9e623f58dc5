using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Export.Compression;

/// <summary>
/// Knowledge distillation (Hinton et al. 2015), as Keras's "Knowledge distillation" example: a model whose
/// <see cref="Model.Fit"/> trains <see cref="Student"/> on alpha·(hard-label loss) + (1 − alpha)·T²·KL(softmax(teacher/T) ‖
/// softmax(student/T)), with the teacher frozen in inference mode and without gradients. Both models output logits.
/// Evaluate reports the student's loss and accuracy. Afterwards the student is an ordinary model: save or use it.
/// </summary>
public sealed class Distiller : Model
{
    private readonly Model _teacher;
    private readonly Model _student;
    private readonly Loss _studentLoss;
    private readonly Optimizer _optimizer;

    /// <summary>Creates a distiller of <paramref name="teacher"/> into <paramref name="student"/>.</summary>
    /// <param name="teacher">A trained model giving logits; never changed.</param>
    /// <param name="student">The model to train, giving logits of the same shape.</param>
    /// <param name="temperature">T: how much the softmaxes are softened (T &gt; 0; 1 leaves them as they are).</param>
    /// <param name="alpha">The weight of the hard-label loss, from 0 to 1; the soft loss gets 1 − alpha.</param>
    /// <param name="optimizer">How the student learns: by default the one it was compiled with, else Adam at 1e-3.</param>
    /// <param name="studentLoss">The hard-label loss: by default the student's compiled loss, else sparse categorical cross-entropy on logits.</param>
    /// <param name="name">The distiller's name.</param>
    public Distiller(Model teacher, Model student, double temperature = 3, double alpha = 0.1, Optimizer? optimizer = null, Loss? studentLoss = null, string? name = null)
        : base(name ?? "distiller")
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(student);
        if (ReferenceEquals(teacher, student)) throw new ArgumentException("The teacher and the student are the same model; distill into a second, usually smaller, model.", nameof(student));
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a positive finite number (Hinton et al. use 2 to 20).");
        if (!(alpha is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha weighs the hard-label loss against the soft one: a number from 0 to 1.");
        if ((teacher.Compiled?.Loss ?? teacher.Metadata.OutputLoss) is { FromLogits: false } given && given is SparseCategoricalCrossentropy or CategoricalCrossentropy or BinaryCrossentropy)
            throw new ArgumentException($"Teacher '{teacher.Name}' outputs probabilities (its loss {given.Name} is not on logits); the distiller softens logits: give a teacher whose last layer has no softmax.", nameof(teacher));
        _teacher = teacher;
        _student = student;
        Temperature = temperature;
        Alpha = alpha;
        _studentLoss = studentLoss ?? student.Compiled?.Loss ?? new SparseCategoricalCrossentropy(fromLogits: true);
        _optimizer = optimizer ?? student.Compiled?.Optimizer ?? new Adam(1e-3);
        register_module("student", student);
        // The student saved on its own turns logits into probabilities and names its classes as the teacher did.
        student.Metadata.OutputLoss ??= _studentLoss;
        if (student.Metadata.ClassNames.Count == 0) student.Metadata.ClassNames = teacher.Metadata.ClassNames;
    }

    /// <summary>The model being trained; what to save and use after distillation.</summary>
    public Model Student => _student;

    /// <summary>The frozen model whose softened outputs the student learns from.</summary>
    public Model Teacher => _teacher;

    /// <summary>T, the softmax temperature of the soft loss.</summary>
    public double Temperature { get; }

    /// <summary>The weight of the hard-label loss; the soft loss gets 1 − alpha.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Layer> Layers => [_student];

    /// <inheritdoc />
    public override IReadOnlyList<string> InputNames => _student.InputNames;

    /// <inheritdoc />
    public override string TypeName => nameof(Distiller);

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <inheritdoc />
    public override LayerConfig GetConfig() => throw new NotSupportedException(
        $"Distiller '{Name}' is a way to train, not a model to keep: save its Student ('{_student.Name}') instead.");

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs)
    {
        if (!_teacher.IsBuilt) _teacher.Build(inputs);
        if (!_student.IsBuilt) _student.Build(inputs);
        if (!_teacher.OutputShape.Equals(_student.OutputShape))
            throw new Nn.ShapeMismatchException(
                $"Distiller '{Name}': teacher '{_teacher.Name}' gives outputs of shape {_teacher.OutputShape.ToBatchString()} but student '{_student.Name}' gives {_student.OutputShape.ToBatchString()}; both must give one logit per class.");
        if (_student.OutputShape.Rank == 0 || _student.OutputShape[-1] < 2)
            throw new Nn.ShapeMismatchException(
                $"Distiller '{Name}': the models give outputs of shape {_student.OutputShape.ToBatchString()}; distillation softens one logit per class, so it needs at least two (give a two-class problem two logits).");
        return _student.OutputShape;
    }

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs) => _student.Forward([.. inputs]);

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var target = batch.Target ?? throw new InvalidOperationException($"Distiller '{Name}' needs labelled examples: the hard-label loss reads their targets.");
        if (_student.Metadata.ClassNames.Count == 0 && Metadata.ClassNames.Count > 0) _student.Metadata.ClassNames = Metadata.ClassNames;
        Tensor teacherLogits;
        using (no_grad())
        {
            _teacher.to(batch.Inputs[0].device);
            _teacher.eval();
            teacherLogits = _teacher.Forward([.. batch.Inputs]);
        }
        var figures = Losses(_student.Forward([.. batch.Inputs]), teacherLogits, target, _studentLoss, Temperature, Alpha);
        _optimizer.Minimize(figures["loss"], _student);
        return figures;
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TestStep(Batch batch)
    {
        var target = batch.Target ?? throw new InvalidOperationException($"Distiller '{Name}' evaluates the student on labelled examples; the data has no targets.");
        var logits = _student.Forward([.. batch.Inputs]);
        var loss = _studentLoss.Compute(logits, target).mean();
        var predicted = logits.shape[^1] == 1 ? logits.gt(0).to(ScalarType.Int64).reshape(-1) : logits.argmax(-1).reshape(-1);
        var accuracy = predicted.eq(target.reshape(-1).to(ScalarType.Int64)).to(ScalarType.Float32).mean();
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["loss"] = loss, ["accuracy"] = accuracy };
    }

    /// <summary>
    /// The distillation loss (<c>loss</c>) and its two parts: the hard-label loss (<c>student_loss</c>) and
    /// T²·KL(softmax(teacher/T) ‖ softmax(student/T)) summed over classes and averaged over the batch (<c>distillation_loss</c>).
    /// </summary>
    internal static Dictionary<string, Tensor> Losses(Tensor studentLogits, Tensor teacherLogits, Tensor target, Loss hardLoss, double temperature, double alpha)
    {
        var hard = hardLoss.Compute(studentLogits, target).mean();
        var teacherLog = (teacherLogits / temperature).log_softmax(-1);
        var studentLog = (studentLogits / temperature).log_softmax(-1);
        var kl = (teacherLog.exp() * (teacherLog - studentLog)).sum(-1).mean();
        var soft = kl * (temperature * temperature);
        var total = (hard * alpha) + (soft * (1 - alpha));
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["loss"] = total, ["student_loss"] = hard, ["distillation_loss"] = soft };
    }
}
