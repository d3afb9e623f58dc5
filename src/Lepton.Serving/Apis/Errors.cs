using Lepton.Serving.Hosting;
using Lepton.Serving.Protocol;
using Microsoft.AspNetCore.Http;

namespace Lepton.Serving.Apis;

/// <summary>
/// Error answers in the one shape every route uses: <c>{"error": "…"}</c>. Like every serving answer they are written
/// with <see cref="ProtocolJson"/>'s conventions, whatever JSON options the host has for other routes.
/// </summary>
internal static class Errors
{
    /// <summary>The status each kind of refusal from the model host gets.</summary>
    public static int StatusOf(HostErrorKind kind) => kind switch
    {
        HostErrorKind.NotFound => StatusCodes.Status404NotFound,
        HostErrorKind.Conflict => StatusCodes.Status409Conflict,
        HostErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult Result(int statusCode, string message) => TypedResults.Json(new ErrorResponse(message), ProtocolJson.Options, statusCode: statusCode);

    public static async Task WriteAsync(HttpContext context, int statusCode, string message, TimeSpan? retryAfter = null)
    {
        if (context.Response.HasStarted) return;
        context.Response.Clear();
        context.Response.StatusCode = statusCode;
        if (retryAfter is { } wait) context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new ErrorResponse(message), ProtocolJson.Options, context.RequestAborted).ConfigureAwait(false);
    }
}
