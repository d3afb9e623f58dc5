using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tests.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;

namespace Lepton.Data.Tests.Pipelines;

public sealed class ModelFileTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    [FactIfSklearnData]
    public void A_pipeline_stored_in_a_model_file_transforms_new_data_the_same_after_loading()
    {
        LeptonRuntime.Seed(3);
        using var iris = Iris.Read();
        using var split = Splitter.Stratified(iris, "species", 0.2, seed: 3);
        var pipeline = Pipeline.Create().ScaleAllExcept(Scaling.Standard, "species").Fit(split.Train, out var fitted);
        using (pipeline)
        {
            using var x = FeatureTensors.ToFeatureTensor(pipeline.Table, Iris.Features);
            using var y = FeatureTensors.ToLabelTensor(pipeline.Table, "species", Iris.Classes);
            using var data = new TensorDataset(x, y, Iris.Classes);
            var model = new Sequential(new Dense(16, "relu"), new Dense(3));
            model.Compile(new Adam(0.05), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
            model.Fit(data, epochs: 30, batchSize: 16, verbose: Verbosity.Silent);
            model.Metadata.Preprocessing[FittedPipeline.PreprocessingKey] = fitted.ToJsonObject();
            model.Save(Path.Combine(csv.Folder, "iris.lepton"));
        }

        var loaded = Model.Load(Path.Combine(csv.Folder, "iris.lepton"));
        var restored = FittedPipeline.FromPreprocessing(loaded.Metadata.Preprocessing);
        Assert.NotNull(restored);
        Assert.Equal(fitted.ToJson(), restored!.ToJson());
        using var before = fitted.Apply(split.Test);
        using var after = restored.Apply(split.Test);
        using var xb = FeatureTensors.ToFeatureTensor(before.Table, Iris.Features);
        using var xa = FeatureTensors.ToFeatureTensor(after.Table, Iris.Features);
        Assert.Equal(xb.data<float>().ToArray(), xa.data<float>().ToArray());
        using var predicted = loaded.Predict(xa).argmax(1);
        using var truth = FeatureTensors.ToLabelTensor(split.Test, "species", Iris.Classes);
        var accuracy = predicted.eq(truth).to(TorchSharp.torch.float32).mean().item<float>();
        Assert.True(accuracy > 0.85, $"test accuracy {accuracy}");
    }
}
