using System.Runtime.InteropServices;
using System.Text.Json;

namespace Lepton.Serving.Apis;

/// <summary>
/// Reads a JSON array of numbers (nested arrays flattened, row-major) of a parsed document straight from its UTF-8
/// bytes with a <see cref="Utf8JsonReader"/>: no <see cref="JsonElement"/> and no field name formatted per number (which
/// had cost 54 KB and a string format per 784-number image). Anything it does not take (a value that is not a number, a
/// number beyond the type's range) makes it give up, and the caller reads the array again the slow way, which names the
/// field and the problem. The thorough request reader and the prediction route's instances use it.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>
    /// Reads every number of <paramref name="array"/> into <paramref name="into"/> (FP32) or, when given,
    /// <paramref name="wide"/> (doubles), from <paramref name="offset"/>, at most <paramref name="length"/> of them;
    /// <paramref name="count"/> is how many there were. False when a value is not a number the type holds.
    /// </summary>
    public static bool TryRead(JsonElement array, float[] into, double[]? wide, long offset, long length, out long count)
    {
        count = 0;
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(array));
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray or JsonTokenType.EndArray:
                    continue;
                case JsonTokenType.Number when reader.TryGetDouble(out var value):
                    if (wide is not null)
                    {
                        if (!double.IsFinite(value)) return false;
                        if (count < length) wide[offset + count] = value;
                    }
                    else
                    {
                        if (!(Math.Abs(value) <= float.MaxValue)) return false;
                        if (count < length) into[offset + count] = (float)value;
                    }
                    count++;
                    continue;
                default:
                    return false;
            }
        }
        return true;
    }
}
