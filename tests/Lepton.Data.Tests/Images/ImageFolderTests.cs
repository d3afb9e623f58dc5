using Lepton.Data.Images;

namespace Lepton.Data.Tests.Images;

public sealed class ImageFolderTests
{
    [Fact]
    public void Open_lists_the_class_folders_sorted_and_reads_gray_pictures_as_one_channel()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 5, size: 12);

        var folder = ImageFolder.Open(temp.Path);

        Assert.Equal(["dots", "square", "stripes"], folder.ClassNames);
        Assert.False(folder.HasSplitFolders);
        Assert.Equal(15, folder.Images.Count);
        Assert.Equal(5, folder.Count(ImageSplit.Train, 1));
        Assert.True(folder.IsGray);
        Assert.Equal((12, 12), (folder.MostCommonWidth, folder.MostCommonHeight));
        var format = folder.SuggestFormat();
        Assert.Equal((1, 12, 12), (format.Channels, format.Height, format.Width));
    }

    [Fact]
    public void Read_decodes_every_image_into_one_tensor_with_its_label_as_ImageFormat_Load_does()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 4, size: 10, classes: ["a", "b"]);
        var folder = ImageFolder.Open(temp.Path);
        var format = folder.SuggestFormat();
        var reported = 0;

        using var data = folder.Read(format, new Progress<int>(n => reported = Math.Max(reported, n)));

        Assert.Equal(8, data.Dataset.Count);
        Assert.Equal([8L, 1, 10, 10], data.Dataset.Input().shape);
        Assert.Equal([0L, 0, 0, 0, 1, 1, 1, 1], data.Dataset.Target!.data<long>().ToArray());
        using var one = format.Load(data.Images[5].Path);
        Assert.True(one.allclose(data.Dataset.Input()[5]));
        Assert.Empty(data.Skipped);
    }

    [Fact]
    public void Colour_pictures_are_read_as_RGB()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 8, classes: ["dots", "stripes"], colour: true);

        var folder = ImageFolder.Open(temp.Path);

        Assert.False(folder.IsGray);
        Assert.Equal(3, folder.SuggestFormat().Channels);
    }

    [Fact]
    public void Differently_sized_images_are_resized_to_the_most_common_size_or_the_size_given_and_large_ones_are_shrunk()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 12, classes: ["a", "b"]);
        SyntheticImages.WritePng(Path.Combine(temp.Path, "a", "wide.png"), "stripes", 30, 20, new Random(1));

        var folder = ImageFolder.Open(temp.Path);

        var common = folder.SuggestFormat();
        Assert.Equal((12, 12), (common.Width, common.Height));
        Assert.Equal(1, folder.CountResized(common));
        var given = folder.SuggestFormat(20, 10);
        Assert.Equal(7, folder.CountResized(given));
        using var data = folder.Read(given);
        Assert.Equal([7L, 1, 10, 20], data.Dataset.Input().shape);
        var shrunk = folder.SuggestFormat(maxSide: 8);
        Assert.Equal((8, 8), (shrunk.Width, shrunk.Height));
    }

    [Fact]
    public void Unreadable_images_are_skipped_counted_and_named()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 8, classes: ["a", "b"]);
        var broken = Path.Combine(temp.Path, "b", "broken.png");
        File.WriteAllText(broken, "not a picture");
        File.WriteAllText(Path.Combine(temp.Path, "b", "notes.txt"), "ignored");

        var folder = ImageFolder.Open(temp.Path);

        Assert.Equal(6, folder.Images.Count);
        var skipped = Assert.Single(folder.Skipped);
        Assert.Equal(broken, skipped.Path);
        Assert.Equal(1, folder.IgnoredFiles);
        Assert.Contains($"1 image could not be read and is left out; it is: {broken}", ImageFolder.DescribeSkipped(folder.Skipped));
    }

    [Fact]
    public void Split_folders_give_each_image_its_split_and_the_classes_of_train()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "train"), perClass: 4, size: 8, classes: ["a", "b"]);
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "test"), perClass: 2, size: 8, classes: ["a", "b"]);

        var folder = ImageFolder.Open(temp.Path);

        Assert.True(folder.HasSplitFolders);
        Assert.True(ImageFolder.HasSplitLayout(temp.Path));
        Assert.Equal(["a", "b"], folder.ClassNames);
        Assert.Equal(2, folder.Count(ImageSplit.Test, 1));
        Assert.False(folder.Has(ImageSplit.Validation));
        Assert.Equal(Path.Combine(temp.Path, "test"), ImageFolder.TestFolder(temp.Path));
    }

    [Fact]
    public void A_missing_or_empty_folder_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        var missing = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(Path.Combine(temp.Path, "nope")));
        Assert.Contains("nope' is not a folder", missing.Message);
        var empty = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(temp.Path));
        Assert.Contains($"'{temp.Path}' holds no class folders", empty.Message);
    }

    [Fact]
    public void Images_without_class_folders_are_an_error_that_says_to_make_them()
    {
        using var temp = new TempFolder();
        SyntheticImages.WritePng(Path.Combine(temp.Path, "one.png"), "dots", 8, 8, new Random(0));
        var e = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(temp.Path));
        Assert.Contains("holds 1 images but no class folders", e.Message);
    }

    [Fact]
    public void One_class_is_an_error()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 8, classes: ["only"]);
        var e = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(temp.Path));
        Assert.Contains("has one class folder ('only'): a classifier needs at least two classes", e.Message);
    }

    [Fact]
    public void A_class_folder_without_images_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 8, classes: ["a", "b"]);
        Directory.CreateDirectory(Path.Combine(temp.Path, "c"));
        File.WriteAllText(Path.Combine(temp.Path, "c", "readme.txt"), "no pictures");
        var e = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(temp.Path));
        Assert.Contains($"The class folder '{Path.Combine(temp.Path, "c")}' holds no images", e.Message);
    }

    [Fact]
    public void A_class_whose_images_are_all_unreadable_is_an_error_naming_the_first()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(temp.Path, perClass: 3, size: 8, classes: ["a"]);
        Directory.CreateDirectory(Path.Combine(temp.Path, "b"));
        File.WriteAllText(Path.Combine(temp.Path, "b", "x.jpg"), "not a jpeg");
        var e = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(temp.Path));
        Assert.Contains("None of the images of class 'b' can be read; the first: ", e.Message);
        Assert.Contains("x.jpg", e.Message);
    }

    [Fact]
    public void Split_folders_mixed_with_class_folders_or_without_train_are_errors()
    {
        using var mixed = new TempFolder();
        SyntheticImages.WriteFolder(Path.Combine(mixed.Path, "train"), perClass: 2, size: 8, classes: ["a", "b"]);
        SyntheticImages.WriteFolder(mixed.Path, perClass: 2, size: 8, classes: ["cats"]);
        var e = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(mixed.Path));
        Assert.Contains("mixes split folders (train) with other folders (cats)", e.Message);

        using var noTrain = new TempFolder();
        SyntheticImages.WriteFolder(Path.Combine(noTrain.Path, "test"), perClass: 2, size: 8, classes: ["a", "b"]);
        var missing = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(noTrain.Path));
        Assert.Contains("has split folders (test) but no train/ folder", missing.Message);
    }

    [Fact]
    public void A_test_class_that_train_lacks_is_an_error()
    {
        using var temp = new TempFolder();
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "train"), perClass: 2, size: 8, classes: ["a", "b"]);
        SyntheticImages.WriteFolder(Path.Combine(temp.Path, "test"), perClass: 2, size: 8, classes: ["c"]);
        var e = Assert.Throws<ImageFolderException>(() => ImageFolder.Open(temp.Path));
        Assert.Contains("is a class that train/ does not have; its classes: a, b", e.Message);
    }
}
