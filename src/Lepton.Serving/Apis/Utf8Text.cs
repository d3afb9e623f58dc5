using System.Text;

namespace Lepton.Serving.Apis;

/// <summary>
/// System.Text.Json parses a string holding bytes that are not UTF-8 and fails only when the text is read, with an
/// <see cref="InvalidOperationException"/>; the readers of request bodies run under <see cref="Checked{T}"/> so such
/// a body is a 400 like any other malformed JSON, not a 500.
/// </summary>
internal static class Utf8Text
{
    public static T Checked<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            throw ServingException.BadRequest("The body's JSON holds a string that is not valid UTF-8; send the JSON encoded as UTF-8.");
        }
    }
}
