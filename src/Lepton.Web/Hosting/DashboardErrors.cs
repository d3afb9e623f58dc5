using Lepton.Tracking;
using Microsoft.AspNetCore.Antiforgery;
using Lepton.Web.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Web;

/// <summary>
/// Turns what goes wrong in a dashboard request into an answer a person can read: a JSON problem for the charts'
/// routes, the error page for pages. A missing run or model is 404, a bad filter or value 400; anything else is
/// left to the host (a 500, logged). A form without its anti-forgery token is 400. Every answer gets the dashboard's
/// security headers.
/// </summary>
internal static class DashboardErrors
{
    public static async ValueTask<object?> Handle(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        SecurityHeaders.Apply(context.Response);
        // A form checked by the anti-forgery middleware and found wanting: refused before the handler reads it.
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            return Answer(context, StatusCodes.Status400BadRequest, "The form's anti-forgery token is missing or does not match: reload the page and send the form again.");
        try
        {
            return await next(invocation).ConfigureAwait(false);
        }
        catch (DashboardException e) when (!context.Response.HasStarted)
        {
            return Answer(context, e.Status, e.Message);
        }
        catch (TrackingException e) when (!context.Response.HasStarted && StatusOf(e.Kind) is { } status)
        {
            return Answer(context, status, e.Message);
        }
    }

    private static int? StatusOf(TrackingErrorKind kind) => kind switch
    {
        TrackingErrorKind.NotFound => StatusCodes.Status404NotFound,
        TrackingErrorKind.Invalid => StatusCodes.Status400BadRequest,
        TrackingErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => null,
    };

    private static IResult Answer(HttpContext context, int status, string message)
    {
        if (context.Request.Path.StartsWithSegments("/ui/api", StringComparison.Ordinal))
            return TypedResults.Problem(detail: message, statusCode: status);
        return new RazorComponentResult<ErrorPage>(new { Status = status, Message = message }) { StatusCode = status };
    }
}
