using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lepton.Tracking.Remote;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Lepton.Tracking.Server;

/// <summary>
/// Turns every failure into <c>{"error": "...", "kind": "..."}</c> with a fitting status: a
/// <see cref="TrackingException"/> by its kind, a body that cannot be read as 400 naming the field, an oversized one
/// as 413, anything unexpected as a plain 500 whose details go to the log only (never a stack trace to the caller).
/// It answers the requests <c>applies</c> picks (the tracking routes' in an app shared with other APIs); others pass by.
/// </summary>
internal sealed class ErrorResponses(RequestDelegate next, ServerLimits limits, ILogger<ErrorResponses> logger, Func<HttpContext, bool> applies)
{
    private static readonly JsonTypeInfo<ApiError> ErrorJson = (JsonTypeInfo<ApiError>)ApiJson.Options.GetTypeInfo(typeof(ApiError));

    public async Task InvokeAsync(HttpContext context)
    {
        if (!applies(context))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // The host's own limit may be lower than an artifact upload needs; the routes' limits are checked below.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = Math.Max(limits.MaxJsonBodySize, limits.MaxArtifactSize);

        var limit = limits.For(context.Request);
        if (context.Request.ContentLength > limit)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "too_large", TooLarge(limit)).ConfigureAwait(false);
            return;
        }

        LimitedBodyStream? limited = null;
        if (context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0)
        {
            limited = new LimitedBodyStream(context.Request.Body, limit);
            context.Request.Body = limited;
        }

        try
        {
            await next(context).ConfigureAwait(false);
            // Minimal APIs may swallow a body read failure and answer on their own; the limit still decides.
            if (limited is { Exceeded: true } && !context.Response.HasStarted)
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "too_large", TooLarge(limit)).ConfigureAwait(false);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            logger.LogInformation("{Method} {Path}: the client went away before the answer.", context.Request.Method, context.Request.Path);
        }
        catch (Exception e)
        {
            var (status, kind, message) = limited is { Exceeded: true } ? (413, "too_large", TooLarge(limit)) : Describe(e, limit);
            if (status >= 500) logger.LogError(e, "{Method} {Path} failed: {Message}", context.Request.Method, context.Request.Path, message);
            else logger.LogDebug("{Method} {Path}: {Status} {Message}", context.Request.Method, context.Request.Path, status, message);
            if (context.Response.HasStarted)
            {
                // Part of the answer is out (e.g. a download that turned out damaged): cutting the connection is
                // the only way left to tell the client it is incomplete.
                context.Abort();
                return;
            }

            await WriteAsync(context, status, kind, message).ConfigureAwait(false);
        }
    }

    /// <summary>Gives a bodiless error status (unknown route, wrong method or media type) a JSON error body.</summary>
    public static Task WriteStatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var request = context.Request;
        var (kind, message) = context.Response.StatusCode switch
        {
            404 => ("not_found", $"There is no route {request.Method} {request.Path} on this Lepton tracking server; GET /openapi.json lists them."),
            405 => ("method_not_allowed", $"{request.Path} does not take {request.Method}; GET /openapi.json lists the routes and their methods."),
            413 => ("too_large", TooLarge(context.RequestServices.GetRequiredService<ServerLimits>().For(request))),
            415 => ("unsupported_media_type", "Send JSON bodies with Content-Type: application/json, and artifact uploads as application/octet-stream."),
            400 => ("invalid", $"The request to {request.Method} {request.Path} could not be read."),
            var code => (code >= 500 ? "internal" : "invalid", $"{request.Method} {request.Path} failed with status {code}."),
        };
        return context.Response.WriteAsJsonAsync(new ApiError(message, kind), ErrorJson, cancellationToken: context.RequestAborted);
    }

    private static (int Status, string Kind, string Message) Describe(Exception e, long limit) => e switch
    {
        TrackingException t => (StatusOf(t.Kind), ApiJson.KindName(t.Kind), t.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "too_large", TooLarge(limit)),
        BadHttpRequestException { InnerException: JsonException json } => (400, "invalid", BadJson(json)),
        BadHttpRequestException b when b.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || b.Message.Contains("from body", StringComparison.Ordinal) =>
            (400, "invalid", "The request has no body: send the JSON this route takes (GET /openapi.json describes it) with Content-Type: application/json."),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } b => (415, "unsupported_media_type", b.Message),
        BadHttpRequestException b => (b.StatusCode is >= 400 and < 500 ? b.StatusCode : 400, "invalid", b.Message),
        JsonException json => (400, "invalid", BadJson(json)),
        ArgumentException a => (400, "invalid", a.Message),
        IOException io when IsDiskFull(io) => (StatusCodes.Status507InsufficientStorage, "insufficient_storage",
            "The tracking server's disk is full: nothing was stored. Free space where it keeps its artifacts and database, then send it again."),
        _ => (500, "internal", "The tracking server failed to handle this request; its log has the details."),
    };

    // ENOSPC (28) and EDQUOT (122) on Linux, where .NET puts errno in HResult; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private static bool IsDiskFull(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is 0x70 or 0x27
        : e.HResult is 28 or 122;

    private static int StatusOf(TrackingErrorKind kind) => kind switch
    {
        TrackingErrorKind.NotFound => StatusCodes.Status404NotFound,
        TrackingErrorKind.Conflict => StatusCodes.Status409Conflict,
        TrackingErrorKind.Invalid => StatusCodes.Status400BadRequest,
        TrackingErrorKind.Corrupt => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    private static string BadJson(JsonException json)
    {
        // System.Text.Json ends its messages with " Path: $.x | LineNumber: …"; say the field once, up front.
        var message = json.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        return json.Path is { Length: > 0 } path && path != "$"
            ? $"The request body is not valid at '{path}': {message}"
            : $"The request body is not valid: {message}";
    }

    private static string TooLarge(long limit) => string.Create(CultureInfo.InvariantCulture,
        $"The request body is larger than this server accepts ({limit:N0} bytes). Send less per request (e.g. smaller metric batches), or raise the server's limit.");

    private static Task WriteAsync(HttpContext context, int status, string kind, string message)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(message, kind), ErrorJson, cancellationToken: context.RequestAborted);
    }
}
