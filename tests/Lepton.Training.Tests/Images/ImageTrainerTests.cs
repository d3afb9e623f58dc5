using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Training.Automatic;
using Lepton.Training.Images;

namespace Lepton.Training.Tests.Images;

public sealed class ImageTrainerTests
{
    [Fact]
    public void Plan_holds_out_a_stratified_test_split_and_a_validation_split_from_the_training_images()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 20, size: 16);
        var plan = new ImageTrainer().Plan(ImageFolder.Open(temp.Path));

        for (var label = 0; label < 3; label++)
        {
            Assert.Equal(4, plan.Count(ImageSplit.Test, label));
            Assert.Equal(2, plan.Count(ImageSplit.Validation, label));
            Assert.Equal(14, plan.Count(ImageSplit.Train, label));
        }
        Assert.Equal((1, 16, 16), (plan.Format.Channels, plan.Format.Height, plan.Format.Width));
        Assert.Contains("20% of each class held out to test", plan.Split);
        Assert.Equal("image", plan.ToJson()["input_features"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Plan_uses_the_split_folders_when_there_are_some()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "train"), perClass: 10, size: 16, classes: ["a", "b"]);
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "test"), perClass: 3, size: 16, classes: ["a", "b"], seed: 1);
        var plan = new ImageTrainer().Plan(ImageFolder.Open(temp.Path));

        Assert.Equal(6, plan.Count(ImageSplit.Test));
        Assert.Equal(2, plan.Count(ImageSplit.Validation));
        Assert.Equal(18, plan.Count(ImageSplit.Train));
        Assert.StartsWith("the folder's train/ and test/ folders", plan.Split);
    }

    [Fact]
    public void Tiny_pictures_are_enlarged_to_what_the_networks_can_pool()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 10, size: 8, classes: ["a", "b"]);
        var plan = new ImageTrainer().Plan(ImageFolder.Open(temp.Path));
        Assert.Equal((12, 12), (plan.Format.Width, plan.Format.Height));
    }

    [Fact]
    public void Too_few_images_for_a_split_is_an_error()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 1, size: 16, classes: ["a", "b"]);
        var e = Assert.Throws<TrainingException>(() => new ImageTrainer().Plan(ImageFolder.Open(temp.Path)));
        Assert.Contains("has too few images for a", e.Message);
    }

    [Fact]
    public void An_unknown_recipe_or_half_a_size_is_refused()
    {
        Assert.Contains("Unknown recipe 'huge'", Assert.Throws<TrainingException>(() => new ImageTrainer(new ImageTrainingOptions { Recipe = "huge" })).Message);
        Assert.Contains("both the width and the height", Assert.Throws<TrainingException>(() => new ImageTrainer(new ImageTrainingOptions { Width = 32 })).Message);
    }

    [Fact]
    public void Train_learns_synthetic_classes_in_seconds_and_the_model_carries_its_image_format_and_classes()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 16, size: 16);
        var trainer = new ImageTrainer(new ImageTrainingOptions { TimeLimit = TimeSpan.FromSeconds(20) });
        var plan = trainer.Plan(ImageFolder.Open(temp.Path));
        var stages = new List<string>();

        using var result = trainer.Train(plan, new SyncProgress(stages));

        Assert.True(result.TestMetrics["accuracy"] >= 0.7, string.Join("\n", stages) + "\n" + result.Note);
        Assert.Contains(stages, s => s.StartsWith("training ", StringComparison.Ordinal));
        Assert.Equal(["dots", "square", "stripes"], result.Model.Metadata.ClassNames);
        Assert.Equal(plan.Format, ImageFormat.FromPreprocessing(result.Model.Metadata.Preprocessing));
        Assert.Equal(result.TestMetrics["accuracy"], result.Model.Metadata.Metrics["test_accuracy"]);
        Assert.Equal(result.Recipe, result.Model.Metadata.Spec["kept"]!.GetValue<string>());
        // Bounded by the time limit plus the test and one batch; generous, as the test machine may be shared.
        Assert.True(result.TrainTime < TimeSpan.FromSeconds(60), $"{result.TrainTime}: {result.Note}");
    }

    [Fact]
    public void A_dataset_in_memory_keeps_its_own_test_set_and_trains_in_its_own_format()
    {
        var format = new ImageFormat { Channels = 1, Width = 16, Height = 16, DarkBackground = true };
        using var train = Bands(60, seed: 0);
        using var test = Bands(12, seed: 1);
        using var source = ImageSource.FromDatasets("bands", train, test, format);
        var trainer = new ImageTrainer(new ImageTrainingOptions { TimeLimit = TimeSpan.FromSeconds(10), Recipe = "small" });

        var plan = trainer.Plan(source);

        Assert.Null(plan.Folder);
        Assert.Equal(12, plan.Count(ImageSplit.Test));
        Assert.Equal(6, plan.Count(ImageSplit.Validation));
        Assert.Equal(54, plan.Count(ImageSplit.Train));
        Assert.StartsWith("bands's own training and test sets (60 and 12 images); 10% of each class's training images to validate", plan.Split);
        Assert.Equal("dataset", plan.ToJson()["preprocessing"]!["split"]!["type"]!.GetValue<string>());
        using var result = trainer.Train(plan);
        Assert.Equal(12, result.TestImages);
        Assert.Equal(["low", "high"], result.Model.Metadata.ClassNames);
        Assert.Equal(format, ImageFormat.FromPreprocessing(result.Model.Metadata.Preprocessing));
        Assert.Contains("trained by lepton train on bands", result.Model.Metadata.Description);

        var resizing = new ImageTrainer(new ImageTrainingOptions { Width = 32, Height = 32 });
        Assert.Contains("bands's images are 16x16 and are trained on as they are", Assert.Throws<TrainingException>(() => resizing.Plan(source)).Message);
    }

    /// <summary>Two classes of 16x16 gray images: a bright band in the top half (low) or the bottom half (high).</summary>
    private static TensorDataset Bands(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * 16 * 16];
        var labels = new long[count];
        for (var n = 0; n < count; n++)
        {
            labels[n] = n % 2;
            var row = (int)labels[n] * 8 + random.Next(2, 6);
            for (var c = 0; c < 16; c++) pixels[n * 256 + row * 16 + c] = 1f;
        }
        return TensorDataset.FromArrays(pixels, new Shape(1, 16, 16), labels, ["low", "high"]);
    }

    private sealed class SyncProgress(List<string> stages) : IProgress<string>
    {
        public void Report(string value) => stages.Add(value);
    }
}
