using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Web.Pages;

/// <summary>
/// What a page shows, read by its route before rendering and handed to its Razor component through this per-request
/// service: a route's failure (a missing run, a bad filter) becomes the error page before any HTML is written, and the
/// view types stay internal (a Razor component is always public, so its parameters' types would have to be).
/// </summary>
internal sealed class PageData
{
    private object? _view;

    public T Get<T>() where T : class =>
        _view as T ?? throw new InvalidOperationException($"The page expected a {typeof(T).Name} to show, but its route gave {_view?.GetType().Name ?? "nothing"}.");

    /// <summary>Renders <typeparamref name="TPage"/> over <paramref name="view"/>.</summary>
    public static RazorComponentResult<TPage> Render<TPage>(HttpContext context, object view)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        context.RequestServices.GetRequiredService<PageData>()._view = view;
        return new RazorComponentResult<TPage>();
    }
}
