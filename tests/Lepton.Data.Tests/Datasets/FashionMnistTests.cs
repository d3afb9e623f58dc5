using Lepton.Data.Datasets;

namespace Lepton.Data.Tests.Datasets;

public sealed class FashionMnistTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_missing_dataset_says_how_to_install_it()
    {
        Assert.False(FashionMnist.IsInstalled(_folder.Path));
        var error = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(_folder.Path));
        Assert.IsAssignableFrom<FileNotFoundException>(error);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", error.Message);
        Assert.Contains("LEPTON_FASHION_MNIST", error.Message);
        Assert.Contains("FashionMnist.Load(folder)", error.Message);
        Assert.Contains(_folder.Path, error.Message);
        Assert.Equal(_folder.Path, error.Folder);
        Assert.Equal("Fashion-MNIST", error.Dataset);
        Assert.StartsWith(_folder.Path, error.FileName);
    }

    [Fact]
    public void A_partly_present_dataset_names_the_missing_file()
    {
        WriteSplit("train", 4);
        var error = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(_folder.Path));
        Assert.Contains("t10k-images-idx3-ubyte", error.Message);
    }

    [Fact]
    public void Generated_files_load_as_scaled_images_and_labels()
    {
        WriteSplit("train", 12);
        WriteSplit("t10k", 5, compress: false);
        Assert.True(FashionMnist.IsInstalled(_folder.Path));

        var (train, test) = FashionMnist.Load(_folder.Path);
        using (train)
        using (test)
        {
            Assert.Equal(12, train.Count);
            Assert.Equal(5, test.Count);
            Assert.Equal(new Shape(1, 28, 28), train.InputShapes[0]);
            Assert.Equal(Shape.Scalar, train.TargetShape);
            Assert.Equal(10, train.ClassNames!.Count);
            Assert.Equal("Ankle boot", train.ClassNames[9]);
            Assert.Equal(TorchSharp.torch.ScalarType.Float32, train.Input().dtype);
            Assert.Equal(TorchSharp.torch.ScalarType.Int64, train.Target!.dtype);
            // Pixel (r, c) of image n holds (n + r + c) % 256 scaled to [0, 1].
            Assert.Equal(((3 + 2 + 5) % 256) / 255f, train.Input()[3, 0, 2, 5].item<float>(), 6);
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)(i % 10)), train.Target.data<long>().ToArray());
        }
    }

    [Fact]
    public void The_environment_variable_chooses_the_default_folder()
    {
        var before = Environment.GetEnvironmentVariable(FashionMnist.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, _folder.Path);
            Assert.Equal(_folder.Path, FashionMnist.DefaultFolder);
            var error = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load());
            Assert.Equal(_folder.Path, error.Folder);
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, null);
            Assert.Equal(FashionMnist.DebianFolder, FashionMnist.DefaultFolder);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, before);
        }
    }

    [Fact]
    public void Labels_outside_the_ten_classes_are_reported()
    {
        WriteSplit("train", 3, badLabelAt: 1);
        WriteSplit("t10k", 3);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_folder.Path));
        Assert.Contains("train-labels-idx1-ubyte", error.Message);
        Assert.Contains("example 1", error.Message);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_reported()
    {
        WriteSplit("train", 4, labelCount: 3);
        WriteSplit("t10k", 3);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_folder.Path));
        Assert.Contains("4 images", error.Message);
        Assert.Contains("3 labels", error.Message);
    }

    [Fact]
    public void Images_of_the_wrong_size_are_reported()
    {
        IdxFiles.Write(_folder.Path, "train-images-idx3-ubyte", IdxFiles.Bytes([2, 8, 8], new byte[128]));
        IdxFiles.Write(_folder.Path, "train-labels-idx1-ubyte", IdxFiles.Bytes([2], [0, 1]));
        WriteSplit("t10k", 3);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_folder.Path));
        Assert.Contains("2 x 8 x 8", error.Message);
    }

    private void WriteSplit(string prefix, int count, bool compress = true, int badLabelAt = -1, int? labelCount = null)
    {
        var pixels = new byte[count * 28 * 28];
        for (var n = 0; n < count; n++)
            for (var r = 0; r < 28; r++)
                for (var c = 0; c < 28; c++)
                    pixels[(n * 28 + r) * 28 + c] = (byte)((n + r + c) % 256);
        var labels = Enumerable.Range(0, labelCount ?? count).Select(i => (byte)(i == badLabelAt ? 10 : i % 10)).ToArray();
        var images = IdxFiles.Bytes([count, 28, 28], pixels);
        var labelBytes = IdxFiles.Bytes([labels.Length], labels);
        var suffix = compress ? ".gz" : "";
        IdxFiles.Write(_folder.Path, $"{prefix}-images-idx3-ubyte{suffix}", compress ? IdxFiles.Gzip(images) : images);
        IdxFiles.Write(_folder.Path, $"{prefix}-labels-idx1-ubyte{suffix}", compress ? IdxFiles.Gzip(labelBytes) : labelBytes);
    }
}
