using System.Net;

namespace Lepton.Serving.Client;

/// <summary>An error answer from a Lepton server: the HTTP status and the server's message.</summary>
public sealed class LeptonClientException : Exception
{
    /// <summary>Creates the exception for an answer with <paramref name="statusCode"/> and the server's <paramref name="message"/>.</summary>
    public LeptonClientException(HttpStatusCode statusCode, string message) : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status the server answered with (400 invalid input, 401/403 key, 404, 429 busy, 504 deadline).</summary>
    public HttpStatusCode StatusCode { get; }
}
