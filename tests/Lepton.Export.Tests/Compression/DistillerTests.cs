using Lepton.Export.Compression;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Compression;

public sealed class DistillerTests
{
    public DistillerTests() => LeptonRuntime.EnsureNative();

    [Fact]
    public void The_loss_equals_the_hand_computed_value_on_a_tiny_case()
    {
        double[] s = [1.0, 2.0, 0.0], t = [0.5, 0.5, 2.0];
        const double T = 2, alpha = 0.3;
        using var student = tensor(s.Select(v => (float)v).ToArray()).reshape(1, 3);
        using var teacher = tensor(t.Select(v => (float)v).ToArray()).reshape(1, 3);
        using var target = tensor(new long[] { 1 });

        var figures = Distiller.Losses(student, teacher, target, new SparseCategoricalCrossentropy(fromLogits: true), T, alpha);

        var hard = -Math.Log(Softmax(s, 1)[1]);
        var pT = Softmax(t, T);
        var pS = Softmax(s, T);
        var kl = Enumerable.Range(0, 3).Sum(i => pT[i] * Math.Log(pT[i] / pS[i]));
        Assert.Equal(hard, figures["student_loss"].item<float>(), 5);
        Assert.Equal(T * T * kl, figures["distillation_loss"].item<float>(), 5);
        Assert.Equal((alpha * hard) + ((1 - alpha) * T * T * kl), figures["loss"].item<float>(), 5);
    }

    [Fact]
    public void The_T_squared_factor_keeps_the_soft_gradients_the_same_size_at_any_high_temperature()
    {
        // Hinton et al.: with zero-mean logits, ∂KL/∂z ≈ (z − v)/(C·T²), so T²·KL has gradient ≈ (z − v)/C whatever T.
        float[] z = [0.3f, -0.2f, -0.1f, 0.0f], v = [-0.1f, 0.25f, 0.05f, -0.2f];
        using var target = tensor(new long[] { 0 });
        foreach (var T in new[] { 10.0, 20.0, 40.0 })
        {
            using var student = tensor(z).reshape(1, 4).requires_grad_();
            using var teacher = tensor(v).reshape(1, 4);
            var soft = Distiller.Losses(student, teacher, target, new SparseCategoricalCrossentropy(fromLogits: true), T, alpha: 0)["loss"];
            soft.backward();
            var gradient = student.grad!.data<float>().ToArray();
            for (var i = 0; i < 4; i++)
            {
                var expected = (z[i] - v[i]) / 4.0;
                Assert.True(Math.Abs(gradient[i] - expected) < (0.2 / T) * Math.Abs(expected) + 1e-5, $"T = {T}: gradient {gradient[i]} for {expected}");
            }
        }
    }

    [Fact]
    public void The_teacher_never_changes_and_the_distilled_student_learns()
    {
        LeptonRuntime.Seed(11);
        using var train = Blobs.Make(600, 10, 4, seed: 11, spread: 1.6);
        using var test = Blobs.Make(300, 10, 4, seed: 12, spread: 1.6);
        var teacher = new Sequential(new Shape(10), [new Dense(64, "relu"), new BatchNorm(), new Dense(64, "relu"), new Dense(4)], "teacher");
        teacher.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        teacher.Fit(train, epochs: 10, batchSize: 32, verbose: Verbosity.Silent);
        var teacherState = teacher.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

        var student = new Sequential(new Shape(10), [new Dense(8, "relu"), new Dense(4)], "student");
        var distiller = new Distiller(teacher, student, temperature: 4, alpha: 0.2, optimizer: new Adam(0.01));
        var before = distiller.Evaluate(test)["accuracy"];
        var history = distiller.Fit(train, epochs: 15, batchSize: 32, validationData: test, verbose: Verbosity.Silent);
        var after = distiller.Evaluate(test);

        Assert.Equal(["distillation_loss", "loss", "student_loss", "val_accuracy", "val_loss"], history.Values.Keys.Order().ToArray());
        Assert.True(after["accuracy"] > 0.85 && after["accuracy"] > before + 0.3, $"the student went from {before:0.000} to {after["accuracy"]:0.000}");
        foreach (var (name, value) in teacher.state_dict()) Assert.True(value.allclose(teacherState[name], 0, 0), $"teacher's {name} changed");
        Assert.True(teacher.parameters().All(p => p.requires_grad));

        // The student alone is an ordinary model that knows its loss: probabilities, and the same accuracy.
        student.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        Assert.Equal(after["accuracy"], student.Evaluate(test)["accuracy"], 6);
        Assert.True(student.PredictProbabilities(test).sum(1).allclose(ones(test.Count)));
    }

    [Fact]
    public void Bad_settings_are_refused_with_the_reason()
    {
        var teacher = new Sequential(new Shape(3), [new Dense(2)], "t");
        var student = new Sequential(new Shape(3), [new Dense(2)], "s");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Distiller(teacher, student, temperature: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Distiller(teacher, student, alpha: 1.5));
        Assert.Throws<ArgumentException>(() => new Distiller(teacher, teacher));
        var narrow = new Sequential(new Shape(3), [new Dense(3)], "narrow");
        var error = Assert.Throws<Nn.ShapeMismatchException>(() => new Distiller(teacher, narrow).Build([new Shape(3)]));
        Assert.Contains("'narrow'", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => new Distiller(teacher, student).GetConfig());
    }

    private static double[] Softmax(double[] logits, double temperature)
    {
        var e = logits.Select(l => Math.Exp(l / temperature)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }
}
