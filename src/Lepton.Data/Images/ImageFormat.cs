using System.Globalization;
using System.Text.Json.Nodes;
using SkiaSharp;
using TorchSharp;

namespace Lepton.Data.Images;

/// <summary>
/// How an image file becomes a model input: decoded, converted to gray or RGB, resized, scaled, and (for
/// datasets of light objects on black, like Fashion-MNIST) inverted when the picture has a light background.
/// A model file stores it, so prediction and serving apply exactly what training used.
/// </summary>
public sealed record ImageFormat
{
    static ImageFormat() => NativeInitializer.Run();

    /// <summary>The key an image format is stored under in a model's preprocessing (<c>ModelMetadata.Preprocessing</c>).</summary>
    public const string PreprocessingKey = "image";

    /// <summary>Channels: 1 (gray) or 3 (RGB).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 28;

    /// <summary>Width in pixels.</summary>
    public int Width { get; init; } = 28;

    /// <summary>Pixel values 0–255 are multiplied by this (1/255 gives [0, 1]).</summary>
    public double Scale { get; init; } = 1.0 / 255;

    /// <summary>True when training images show light objects on a dark background, so a light-background picture is inverted.</summary>
    public bool DarkBackground { get; init; }

    /// <summary>The example shape a model sees: (channels, height, width).</summary>
    public Shape Shape => new(Channels, Height, Width);

    /// <summary>Decodes an image file (PNG, JPEG, BMP, GIF, WebP) into a (C, H, W) float tensor.</summary>
    public torch.Tensor Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Image '{path}' does not exist.", path);
        using var data = SKData.Create(path) ?? throw new InvalidDataException($"'{path}' could not be read.");
        return Decode(data, path);
    }

    /// <summary>Decodes image bytes (an upload) into a (C, H, W) float tensor.</summary>
    public torch.Tensor Decode(ReadOnlySpan<byte> bytes, string source = "image")
    {
        using var data = SKData.CreateCopy(bytes);
        return Decode(data, source);
    }

    /// <summary>Writes a (C, H, W) tensor in this format back to a PNG file (the inverse of <see cref="Load"/>, without inversion).</summary>
    public void SavePng(torch.Tensor image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var shape = new Shape(image.shape);
        if (!shape.Equals(Shape))
            throw new ArgumentException($"The image has shape {shape}; this format writes {Shape}.", nameof(image));
        var values = image.to(torch.ScalarType.Float32).cpu().data<float>().ToArray();
        var plane = Height * Width;
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        byte Byte(float v) => (byte)Math.Clamp(Math.Round(v / Scale), 0, 255);
        for (var i = 0; i < plane; i++)
        {
            pixels[i * 4] = Byte(values[i]);
            pixels[i * 4 + 1] = Byte(values[Channels == 1 ? i : plane + i]);
            pixels[i * 4 + 2] = Byte(values[Channels == 1 ? i : 2 * plane + i]);
            pixels[i * 4 + 3] = 255;
        }
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            if (!bitmap.Encode(stream, SKEncodedImageFormat.Png, 100)) throw new IOException($"Encoding '{path}' as PNG failed.");
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The format as JSON for a model file.</summary>
    internal JsonObject ToJson() => new()
    {
        ["channels"] = Channels,
        ["height"] = Height,
        ["width"] = Width,
        ["scale"] = Scale,
        ["dark_background"] = DarkBackground,
    };

    /// <summary>The image format stored in a model's preprocessing under <see cref="PreprocessingKey"/>, or null when there is none.</summary>
    public static ImageFormat? FromPreprocessing(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        return preprocessing[PreprocessingKey] is JsonObject json ? FromJson(json) : null;
    }

    /// <summary>Stores this format in a model's preprocessing under <see cref="PreprocessingKey"/>.</summary>
    public void WriteTo(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing[PreprocessingKey] = ToJson();
    }

    /// <summary>Reads a format written by <see cref="ToJson"/>.</summary>
    internal static ImageFormat FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        int Int(string key) => json[key]?.GetValue<int>() ?? throw new InvalidDataException($"The image format has no '{key}'.");
        var format = new ImageFormat
        {
            Channels = Int("channels"),
            Height = Int("height"),
            Width = Int("width"),
            Scale = json["scale"]?.GetValue<double>() ?? 1.0 / 255,
            DarkBackground = json["dark_background"]?.GetValue<bool>() ?? false,
        };
        if (format.Channels is not (1 or 3) || format.Height < 1 || format.Width < 1)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The image format {format.Channels}x{format.Height}x{format.Width} is not valid (channels must be 1 or 3)."));
        return format;
    }

    private torch.Tensor Decode(SKData data, string source)
    {
        var values = new float[Channels * Height * Width];
        DecodeInto(data, source, values);
        return torch.tensor(values, [Channels, Height, Width]);
    }

    /// <summary>Reads an image file into <paramref name="values"/> (channels × height × width), as <see cref="Load"/> does; for readers that fill one large buffer.</summary>
    internal void LoadInto(string path, Span<float> values)
    {
        using var data = SKData.Create(path) ?? throw new InvalidDataException($"'{path}' could not be read.");
        DecodeInto(data, path, values);
    }

    private void DecodeInto(SKData data, string source, Span<float> values)
    {
        using var decoded = SKBitmap.Decode(data) ?? throw new InvalidDataException($"'{source}' is not an image this build can decode (PNG, JPEG, BMP, GIF, WebP).");
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        // At the same size, nearest sampling copies the pixels exactly (Mitchell's filter would blur them a little).
        var sampling = decoded.Width == Width && decoded.Height == Height ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKCubicResampler.Mitchell);
        using var resized = decoded.Resize(info, sampling)
            ?? throw new InvalidDataException($"'{source}' could not be resized to {Width}x{Height}.");
        var pixels = resized.GetPixelSpan();
        var plane = Height * Width;
        for (var i = 0; i < plane; i++)
        {
            // Transparent pixels count as background white, as a viewer would show them.
            float r = pixels[i * 4], g = pixels[i * 4 + 1], b = pixels[i * 4 + 2], a = pixels[i * 4 + 3] / 255f;
            r = r * a + 255 * (1 - a);
            g = g * a + 255 * (1 - a);
            b = b * a + 255 * (1 - a);
            if (Channels == 1) values[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            else
            {
                values[i] = r;
                values[plane + i] = g;
                values[2 * plane + i] = b;
            }
        }
        if (DarkBackground && BorderMean(values, plane) > 127.5)
        {
            for (var i = 0; i < values.Length; i++) values[i] = 255 - values[i];
        }
        for (var i = 0; i < values.Length; i++) values[i] *= (float)Scale;
    }

    private float BorderMean(ReadOnlySpan<float> values, int plane)
    {
        double sum = 0;
        var n = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (y != 0 && y != Height - 1 && x != 0 && x != Width - 1) continue;
                for (var c = 0; c < Channels; c++) sum += values[c * plane + y * Width + x];
                n += Channels;
            }
        }
        return (float)(sum / n);
    }
}
