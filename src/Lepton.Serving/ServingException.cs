using Microsoft.AspNetCore.Http;

namespace Lepton.Serving;

/// <summary>A request the server answers with an HTTP error and a JSON <c>{"error": …}</c> body; never a stack trace.</summary>
internal sealed class ServingException(int statusCode, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The model version the request had been routed to, when it got that far (for metrics).</summary>
    public string? Version { get; init; }

    public static ServingException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ServingException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ServingException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}
