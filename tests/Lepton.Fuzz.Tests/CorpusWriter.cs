using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using SkiaSharp;

namespace Lepton.Fuzz.Tests;

/// <summary>
/// Writes the seeds that are made by Lepton itself (model files, a Parquet table, a PNG upload) into the committed
/// corpus. Run it after a change of the model file format:
/// <c>LEPTON_FUZZ_WRITE_CORPUS=1 dotnet test tests/Lepton.Fuzz.Tests --filter CorpusWriter</c>.
/// </summary>
public sealed class CorpusWriter
{
    [Fact]
    public async Task Seeds_made_by_Lepton_are_written_when_asked()
    {
        if (Environment.GetEnvironmentVariable("LEPTON_FUZZ_WRITE_CORPUS") != "1") return;
        var corpus = Path.Combine(SourceFolder(), "Corpus");

        using var folder = new TempFolder();
        var csv = folder.PathOf("train.csv");
        var cities = new[] { "Paris", "Lyon", "Nice" };
        File.WriteAllLines(csv, new[] { "x,y,city,label" }.Concat(Enumerable.Range(0, 30).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i * 0.5},{100 - i * 3.25},{cities[i % 3]},{i % 3}"))));
        using var train = Table.Read(csv);
        await train.WriteParquetAsync(Path.Combine(corpus, "table-parquet", "cities.parquet"));

        LeptonRuntime.Seed(1);
        Save(new Sequential(new Shape(4), new Dense(8, "relu"), new Dense(3)), Path.Combine(corpus, "model-file", "classifier.lepton"));
        using (var zip = ZipFile.OpenRead(Path.Combine(corpus, "model-file", "classifier.lepton")))
            zip.GetEntry("model.json")!.ExtractToFile(Path.Combine(corpus, "model-json", "classifier.json"), overwrite: true);

        LeptonRuntime.Seed(2);
        var image = new Sequential(new Shape(1, 8, 8), new Flatten(), new Dense(3));
        new ImageFormat { Channels = 1, Height = 8, Width = 8 }.WriteTo(image.Metadata.Preprocessing);
        Save(image, Path.Combine(corpus, "model-file", "image.lepton"));

        var fitted = Pipeline.Create().OneHot("city").Scale(Scaling.Standard, "x", "y").Fit(train);
        var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList());
        LeptonRuntime.Seed(3);
        var tabular = new Sequential(new Shape(table.Features.Count), new Dense(3));
        table.WriteTo(tabular.Metadata.Preprocessing);
        Save(tabular, Path.Combine(corpus, "model-file", "table.lepton"));

        var uploads = Path.Combine(corpus, "predict-multipart");
        File.WriteAllBytes(Path.Combine(uploads, "image.http"), Upload(Png(), "image", "digit.png"));
        File.WriteAllBytes(Path.Combine(uploads, "two-images.http"), Upload(Png(), "image", "a.png", "b.png"));
        File.WriteAllBytes(Path.Combine(uploads, "raw.http"), [.. "image/png\r\n\r\n"u8, .. Png()]);
        File.WriteAllBytes(Path.Combine(uploads, "instances.http"),
            Encoding.ASCII.GetBytes($"application/json\r\n\r\n{{\"instances\":[[{string.Join(",", Enumerable.Repeat("0.5", 64))}]]}}"));
    }

    private static void Save(Sequential model, string path)
    {
        using (model)
        {
            model.Metadata.ClassNames = ["cat", "dog", "bird"];
            model.Metadata.OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true);
            model.Save(path);
        }
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(8, 8, SKColorType.Gray8, SKAlphaType.Opaque);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++) bitmap.SetPixel(x, y, new SKColor((byte)(x * 32), (byte)(x * 32), (byte)(x * 32)));
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A predict-multipart seed: the Content-Type line, a blank line, then the body (Corpus/README.md).</summary>
    private static byte[] Upload(byte[] file, string field, params string[] names)
    {
        const string boundary = "fuzzboundary";
        var body = new List<byte>(Encoding.ASCII.GetBytes($"multipart/form-data; boundary={boundary}\r\n\r\n"));
        foreach (var name in names)
        {
            body.AddRange(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n"));
            body.AddRange(file);
            body.AddRange("\r\n"u8);
        }
        body.AddRange(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return [.. body];
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
