using SkiaSharp;

namespace Lepton.Testing;

/// <summary>Small generated pictures for image-folder tests: classes a CNN tells apart in seconds, drawn deterministically with SkiaSharp.</summary>
public static class SyntheticImages
{
    /// <summary>The classes <see cref="Draw"/> knows: horizontal stripes, dots on a dark ground, a bright square.</summary>
    public static IReadOnlyList<string> Classes { get; } = ["dots", "square", "stripes"];

    /// <summary>
    /// Writes <paramref name="perClass"/> PNGs of each of <paramref name="classes"/> into <c>folder/&lt;class&gt;/</c>
    /// (gray pictures stored as RGBA, unless <paramref name="colour"/>), and returns the folder.
    /// </summary>
    public static string WriteFolder(string folder, int perClass = 16, int size = 16, IReadOnlyList<string>? classes = null, bool colour = false, int seed = 0)
    {
        classes ??= Classes;
        var random = new Random(seed);
        foreach (var name in classes)
        {
            for (var i = 0; i < perClass; i++) WritePng(Path.Combine(folder, name, $"{name}-{i:00}.png"), name, size, size, random, colour);
        }
        return folder;
    }

    /// <summary>Writes one picture of class <paramref name="name"/> as a PNG.</summary>
    public static void WritePng(string path, string name, int width, int height, Random random, bool colour = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = Draw(name, width, height, random, colour);
        using var stream = File.Create(path);
        bitmap.Encode(stream, SKEncodedImageFormat.Png, 100);
    }

    /// <summary>A picture of class <paramref name="name"/>, with a little noise so no two are the same.</summary>
    public static SKBitmap Draw(string name, int width, int height, Random random, bool colour = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var ink = colour ? new SKColor(230, 60, 40) : new SKColor(230, 230, 230);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var noise = (byte)random.Next(0, 30);
                bitmap.SetPixel(x, y, new SKColor(noise, noise, noise));
            }
        }
        switch (name)
        {
            case "stripes":
                var phase = random.Next(0, 4);
                for (var y = phase; y < height; y += 4)
                {
                    for (var x = 0; x < width; x++) bitmap.SetPixel(x, y, ink);
                }
                break;
            case "square":
                var side = Math.Max(3, width / 2);
                var left = random.Next(0, width - side + 1);
                var top = random.Next(0, height - side + 1);
                for (var y = top; y < top + side; y++)
                {
                    for (var x = left; x < left + side; x++) bitmap.SetPixel(x, y, ink);
                }
                break;
            default:
                for (var k = 0; k < width * height / 12; k++) bitmap.SetPixel(random.Next(width), random.Next(height), ink);
                break;
        }
        return bitmap;
    }
}
