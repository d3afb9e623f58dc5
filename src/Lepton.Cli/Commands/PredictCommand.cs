using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton predict MODEL --image x.png</c>: the predicted class and the probabilities of the top classes.</summary>
internal static class PredictCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<string>("model") { Description = "A .lepton model file." };
        var images = new Option<string[]>("--image", "-i") { Description = "Image files to classify (PNG, JPEG, BMP, GIF, WebP).", Required = true, AllowMultipleArgumentsPerToken = true };
        var top = new Option<int>("--top") { Description = "How many classes to list per image.", DefaultValueFactory = _ => 5 };
        var command = new Command("predict", "Classify images with a model file and print the class and probabilities.") { model, images, top };
        command.SetAction(result =>
        {
            var path = result.GetValue(model)!;
            var loaded = ModelLoader.Load(path);
            var format = ImageInput.FormatOf(loaded, path);
            var k = result.GetValue(top);
            if (k < 1) throw new CliException($"--top must be at least 1, not {k}.");
            var names = loaded.Metadata.ClassNames;
            foreach (var image in result.GetValue(images)!)
            {
                using var scope = NewDisposeScope();
                var input = format.Load(image).unsqueeze(0);
                var probabilities = loaded.PredictProbabilities(input)[0].data<float>().ToArray();
                var ranked = probabilities.Select((p, i) => (Class: i, P: p)).OrderByDescending(x => x.P).Take(k).ToList();
                string Name(int i) => i < names.Count ? names[i] : i.ToString(CultureInfo.InvariantCulture);
                console.MarkupLineInterpolated($"[bold]{image}[/]: [green]{Name(ranked[0].Class)}[/] ({ranked[0].P.ToString("P1", CultureInfo.InvariantCulture)})");
                var table = new Table().AddColumn("class").AddColumn(new TableColumn("probability").RightAligned()).AddColumn("");
                foreach (var (cls, p) in ranked)
                    table.AddRow(Markup.Escape(Name(cls)), p.ToString("0.0000", CultureInfo.InvariantCulture), new string('█', (int)Math.Round(p * 30)));
                console.Write(table);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
