using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lepton.Serving.Apis;

/// <summary>
/// Gives each request an id (the caller's <c>X-Request-Id</c> when it is sensible, else a new one), echoes it,
/// puts it in the logging scope of everything the request logs, and logs one line per request.
/// </summary>
internal static partial class RequestLogging
{
    public const string Header = "X-Request-Id";

    /// <summary>Gives the requests <paramref name="applies"/> picks their ids and log lines; others pass by untouched.</summary>
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app, Func<HttpContext, bool> applies)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Lepton.Serving.Requests");
        return app.Use(async (context, next) =>
        {
            if (!applies(context))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var given = context.Request.Headers[Header].ToString();
            if (given.Length is > 0 and <= 64 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) context.TraceIdentifier = given;
            context.Response.Headers[Header] = context.TraceIdentifier;
            var started = Stopwatch.GetTimestamp();
            using (logger.BeginScope("RequestId:{RequestId}", context.TraceIdentifier))
            {
                await next(context).ConfigureAwait(false);
                Log.Answered(logger, context.Request.Method, context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {Milliseconds:0.0} ms")]
        public static partial void Answered(ILogger logger, string method, PathString path, int statusCode, double milliseconds);
    }
}
