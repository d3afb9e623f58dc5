using System.Text.Json;
using Lepton.Serving.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lepton.Serving.Apis;

/// <summary>
/// Turns every failure into a JSON error: a <see cref="ServingException"/> into its status (with Retry-After), a
/// <see cref="ModelHostException"/> into the status of its kind, a bad or oversized body into 400/413, an empty 4xx
/// (unknown route, wrong method) into a message, and anything unexpected into 500 with the request id — never a
/// stack trace.
/// </summary>
internal static partial class ErrorHandling
{
    /// <summary>Answers the failures of the requests <paramref name="applies"/> picks; others pass by untouched.</summary>
    public static IApplicationBuilder UseServingErrors(this IApplicationBuilder app, Func<HttpContext, bool> applies)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Lepton.Serving.Errors");
        return app.Use(async (context, next) =>
        {
            if (!applies(context))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            try
            {
                await next(context).ConfigureAwait(false);
                if (context.Response is { HasStarted: false, StatusCode: >= 400, ContentLength: null } response && string.IsNullOrEmpty(response.ContentType))
                    await Errors.WriteAsync(context, response.StatusCode, DefaultMessage(context)).ConfigureAwait(false);
            }
            catch (ServingException ex)
            {
                await Errors.WriteAsync(context, ex.StatusCode, ex.Message, ex.RetryAfter).ConfigureAwait(false);
            }
            catch (ModelHostException ex)
            {
                await Errors.WriteAsync(context, Errors.StatusOf(ex.Kind), ex.Message).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex)
            {
                var message = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this server accepts; send fewer or smaller inputs."
                    : $"The request could not be read: {ex.Message}";
                await Errors.WriteAsync(context, ex.StatusCode, message).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                await Errors.WriteAsync(context, StatusCodes.Status400BadRequest, $"The body is not valid JSON: {ex.Message}").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client left; nobody is listening for an answer.
            }
            catch (Exception ex)
            {
                Log.Unhandled(logger, ex, context.TraceIdentifier);
                await Errors.WriteAsync(context, StatusCodes.Status500InternalServerError,
                    $"The server failed on this request (request id {context.TraceIdentifier}); its logs have the details.").ConfigureAwait(false);
            }
        });
    }

    private static string DefaultMessage(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"There is no route {context.Request.Method} {context.Request.Path}; see /openapi.json for the routes.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}; see /openapi.json.",
        StatusCodes.Status415UnsupportedMediaType => "The content type is not accepted here; see /openapi.json.",
        StatusCodes.Status400BadRequest => "The request is not valid.",
        _ => $"The request failed with HTTP {context.Response.StatusCode}.",
    };

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed unexpectedly")]
        public static partial void Unhandled(ILogger logger, Exception exception, string requestId);
    }
}
