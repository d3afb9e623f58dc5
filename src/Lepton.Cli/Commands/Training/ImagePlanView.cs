using System.Globalization;
using Lepton.Data.Images;
using Lepton.Training.Images;
using Spectre.Console;
using TableColumn = Spectre.Console.TableColumn;

namespace Lepton.Cli.Commands.Training;

/// <summary>Draws an image training plan (a table of classes with their images per split, then size, split, recipe and time limit) and what training found.</summary>
internal static class ImagePlanView
{
    public static void Write(IAnsiConsole console, ImageTrainingPlan plan)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Plan[/]");
        table.AddColumn("Class");
        table.AddColumn(new TableColumn("Train").RightAligned());
        table.AddColumn(new TableColumn("Validation").RightAligned());
        table.AddColumn(new TableColumn("Test").RightAligned());
        for (var label = 0; label < plan.ClassNames.Count; label++)
        {
            table.AddRow(Markup.Escape(plan.ClassNames[label]), Count(plan.Count(ImageSplit.Train, label)), Count(plan.Count(ImageSplit.Validation, label)),
                Count(plan.Count(ImageSplit.Test, label)));
        }
        table.AddRow("[bold]all[/]", Count(plan.Count(ImageSplit.Train)), Count(plan.Count(ImageSplit.Validation)), Count(plan.Count(ImageSplit.Test)));
        console.Write(table);
        var folder = plan.Folder;
        var format = plan.Format;
        var channels = format.Channels == 1 ? "gray (1 channel)" : "RGB (3 channels)";
        if (folder is null)
        {
            console.MarkupLineInterpolated($"Task: [bold]classification into {plan.ClassNames.Count} classes[/] (the dataset's labels)");
            console.MarkupLineInterpolated($"Images: [bold]{format.Width}x{format.Height}, {channels}[/] (as the dataset stores them), pixels scaled to [[0, 1]]");
        }
        else
        {
            var common = $"{folder.MostCommonWidth}x{folder.MostCommonHeight}";
            var size = $"{format.Width}x{format.Height}" == common ? "the most common size" : $"the most common size is {common}";
            console.MarkupLineInterpolated($"Task: [bold]classification into {plan.ClassNames.Count} classes[/] (one folder per class)");
            console.MarkupLineInterpolated($"Images: [bold]{format.Width}x{format.Height}, {channels}[/] ({size}; {(folder.IsGray ? "every image is gray" : "some images have colour")}), pixels scaled to [[0, 1]]");
            if (plan.Resized > 0) console.MarkupLineInterpolated($"[yellow]{plan.Resized:N0} images of other sizes are resized to {format.Width}x{format.Height}.[/]");
            if (folder.Skipped.Count > 0) console.MarkupLineInterpolated($"[yellow]{ImageFolder.DescribeSkipped(folder.Skipped)}[/]");
            if (folder.IgnoredFiles > 0) console.MarkupLineInterpolated($"[grey]{folder.IgnoredFiles:N0} files outside class folders or not images (by extension) are ignored.[/]");
        }
        console.MarkupLineInterpolated($"Split: {plan.Split}");
        console.MarkupLineInterpolated($"Recipe: {plan.RecipeDescription}; best weights by validation loss, within {plan.Options.TimeLimit}");
    }

    public static void WriteResults(IAnsiConsole console, ImageTrainingResult result)
    {
        console.MarkupLineInterpolated($"Trained [bold]{result.Recipe}[/]: {result.Note}");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Read {result.TrainImages + result.ValidationImages + result.TestImages:N0} images in {result.ReadTime.TotalSeconds:0.0}s; trained and tested in {result.TrainTime.TotalSeconds:0.0}s"));
        var listed = result.Plan.Source.Skipped.Count;
        if (result.Skipped.Count > listed) console.MarkupLineInterpolated($"[yellow]{ImageFolder.DescribeSkipped([.. result.Skipped.Skip(listed)])}[/]");
        var metrics = string.Join("  ", result.TestMetrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: [bold]{kv.Value:0.0000}[/]")));
        console.MarkupLine($"Test ({result.TestImages:N0} held-out images): {metrics}");
    }

    private static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
