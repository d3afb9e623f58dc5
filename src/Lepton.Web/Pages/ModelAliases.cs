using Lepton.Tracking;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Web.Pages;

/// <summary>
/// <c>POST /models/{name}/aliases</c> (form: alias, version): points an alias at a version, moving it if set. A form
/// post: ASP.NET Core's anti-forgery middleware refuses it without the page's token (400). Answers with a redirect
/// back to the model page (post/redirect/get), so a reload does not post twice.
/// </summary>
internal static class ModelAliases
{
    public static async Task<IResult> Post(string name, [FromForm] string alias, [FromForm] int version, TrackingClient tracking, CancellationToken cancellationToken)
    {
        await tracking.Store.SetAliasAsync(name, alias, version, cancellationToken).ConfigureAwait(false);
        return Results.Redirect($"/models/{Uri.EscapeDataString(name)}#v{version}", permanent: false, preserveMethod: false);
    }
}
