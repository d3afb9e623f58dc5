using Lepton.Bench.Dashboard.Client;
using Lepton.Bench.Dashboard.Components;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

namespace Lepton.Bench.Dashboard;

/// <summary>Kestrel on 127.0.0.1 with a random port, serving all three variants over one <see cref="SeriesStore"/>.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private DashboardHost(WebApplication app, string url, CircuitCounter circuits)
    {
        this.app = app;
        Url = url;
        Circuits = circuits;
    }

    public string Url { get; }

    public CircuitCounter Circuits { get; }

    /// <param name="frontEnd">bench/dashboard: chart.js and node_modules/uplot/dist.</param>
    public static async Task<DashboardHost> StartAsync(SeriesStore store, string frontEnd)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<ISeriesSource>(store);
        var circuits = new CircuitCounter();
        builder.Services.AddSingleton<CircuitHandler>(circuits);
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddInteractiveWebAssemblyComponents();

        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(frontEnd, "node_modules", "uplot", "dist")),
            RequestPath = "/uplot",
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(frontEnd, Microsoft.Extensions.FileProviders.Physical.ExclusionFilters.Sensitive) });
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapGet("/api/series/{metric:int}", (int metric, int? max) => TypedResults.Json(store.Get(metric, max ?? 0)));
        app.MapGet("/html", (int? n, int? max) => TypedResults.Content(HtmlPage.Render(n ?? 1, max ?? 0), "text/html; charset=utf-8"));
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddInteractiveWebAssemblyRenderMode()
            .AddAdditionalAssemblies(typeof(Chart).Assembly);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DashboardHost(app, address, circuits);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
