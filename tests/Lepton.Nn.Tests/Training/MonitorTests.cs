using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;
using Monitor = Lepton.Nn.Callbacks.Monitor;

namespace Lepton.Nn.Tests.Training;

public sealed class MonitorTests
{
    /// <summary>A metric whose name suggests nothing (so the name rule says lower) but whose larger values are better.</summary>
    private sealed class Lift : Metric
    {
        public override string Name => "lift";

        public override MetricDirection Direction => MetricDirection.Maximize;

        public override void Reset()
        {
        }

        public override void Update(Tensor outputs, Tensor targets)
        {
        }

        public override double Result() => 1;

        public override Metric Clone() => new Lift();
    }

    private static Sequential Compiled(params Metric[] metrics)
    {
        var model = new Sequential(new Dense(2));
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), metrics);
        return model;
    }

    [Fact]
    public void Every_built_in_metric_says_its_direction_and_only_the_confusion_matrix_defies_its_name()
    {
        foreach (var name in MetricCatalog.Names.Where(n => n != "confusion_matrix"))
        {
            var metric = MetricCatalog.Create(name);
            Assert.NotEqual(MetricDirection.None, metric.Direction);
            Assert.Equal(MetricDirections.FromName(metric.Name), metric.Direction);
        }

        // Its Result is the accuracy, which the name cannot tell.
        Assert.Equal(MetricDirection.Maximize, new ConfusionMatrix().Direction);
        Assert.Equal(MetricDirection.Maximize, new Accuracy().Direction);
        Assert.Equal(MetricDirection.Minimize, new RootMeanSquaredError().Direction);
    }

    [Fact]
    public void Auto_direction_comes_from_the_compiled_metric_of_that_name_and_the_loss_goes_down()
    {
        var model = Compiled(new Lift());

        Assert.Equal(MetricDirection.Maximize, Monitor.DirectionOf("val_lift", model));
        Assert.Equal(MetricDirection.Maximize, Monitor.DirectionOf("lift", model));
        Assert.Equal(MetricDirection.Minimize, Monitor.DirectionOf("val_loss", model));
        // Without the model, or for a name the model does not compile, the name decides.
        Assert.Equal(MetricDirection.Minimize, Monitor.DirectionOf("val_lift", null));
        Assert.Equal(MetricDirection.Maximize, Monitor.DirectionOf("val_accuracy", model));
        Assert.Equal(MetricDirection.None, Monitor.DirectionOf("learning_rate", model));
    }

    [Fact]
    public void Reset_with_the_model_settles_auto_mode_but_leaves_an_explicit_mode_alone()
    {
        var model = Compiled(new Lift());
        var auto = new Monitor("val_lift", MonitorMode.Auto, 0);
        var min = new Monitor("val_lift", MonitorMode.Min, 0);
        Assert.False(auto.Maximize);

        auto.Reset(model);
        min.Reset(model);

        Assert.True(auto.Maximize);
        Assert.Equal(double.NegativeInfinity, auto.Best);
        Assert.True(auto.Improves(0.5));
        Assert.True(auto.Improves(0.7));
        Assert.False(auto.Improves(0.6));
        Assert.False(min.Maximize);
    }

    [Fact]
    public void EarlyStopping_in_auto_mode_maximizes_a_compiled_metric_whose_name_says_nothing()
    {
        LeptonRuntime.Seed(21);
        using var data = TestData.Separable(64);
        var model = TestData.Classifier();
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Lift());
        var stopper = new EarlyStopping("lift", patience: 0);

        model.Fit(data, epochs: 3, batchSize: 32, callbacks: [stopper], verbose: Nn.Training.Verbosity.Silent);

        // Lift is 1 every epoch: maximized, the first epoch is the best (+∞ would never be beaten when minimizing).
        Assert.Equal(1, stopper.Best);
        Assert.Equal(0, stopper.BestEpoch);
        Assert.Equal(1, stopper.StoppedEpoch);
    }
}
