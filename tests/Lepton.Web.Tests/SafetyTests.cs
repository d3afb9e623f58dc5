using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;

namespace Lepton.Web.Tests;

/// <summary>What the store holds is shown as text, forms that change something need the page's anti-forgery token, served files cannot run scripts as the dashboard.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class SafetyTests(DashboardStore store)
{
    [Fact]
    public async Task Anti_forgery_keys_stay_in_memory_and_nothing_is_written_to_the_users_home()
    {
        using var client = Http.Client(store);
        await client.PageAsync("/models/fashion"); // a page with a form: its token needs a key

        var keys = store.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value;
        Assert.Equal("MemoryXmlRepository", keys.XmlRepository!.GetType().Name);
        Assert.NotEmpty(keys.XmlRepository.GetAllElements());
    }

    [Fact]
    public async Task A_run_named_like_markup_is_escaped_on_every_page_that_shows_it()
    {
        using var client = Http.Client(store);
        foreach (var path in new[] { "/runs?experiment=fashion&cols=params.lr,tags.note", $"/runs/{store.HostileRun}", $"/compare?runs={store.HostileRun}&runs={store.RunIds[0]}" })
        {
            var html = await client.PageAsync(path);
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<script>alert(2)", html);
            Assert.DoesNotContain("<b>bold</b>", html);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        }
    }

    [Fact]
    public async Task Every_page_carries_a_content_security_policy_without_inline_scripts()
    {
        using var client = Http.Client(store);
        using var response = await client.GetAsync("/");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp.Split("style-src")[0]);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // No inline script on any page: the one script is the bundle.
        var html = await response.Content.ReadAsStringAsync();
        Assert.Single(ScriptTag().Matches(html));
        Assert.Matches("<script src=\"/ui/assets/app.js\\?v=[0-9a-f]{16}\" defer></script>", html);
    }

    [Fact]
    public async Task Moving_an_alias_needs_the_pages_anti_forgery_token()
    {
        using var client = Http.Client(store, redirects: false);
        using var forged = await client.PostAsync("/models/fashion/aliases", new FormUrlEncodedContent(new Dictionary<string, string> { ["alias"] = "staging", ["version"] = "2" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await Assert.ThrowsAsync<Lepton.Tracking.TrackingException>(() => store.Tracking.Store.GetModelVersionByAliasAsync("fashion", "staging"));

        var page = await client.PageAsync("/models/fashion");
        var token = TokenField().Match(page).Groups[1].Value;
        using var posted = await client.PostAsync("/models/fashion/aliases", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__lepton_token"] = WebUtility.HtmlDecode(token), ["alias"] = "staging", ["version"] = "2",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/models/fashion#v2", posted.Headers.Location?.OriginalString);
        Assert.Equal(2, (await store.Tracking.Store.GetModelVersionByAliasAsync("fashion", "staging")).Version);
        await store.Tracking.Store.DeleteAliasAsync("fashion", "staging");
    }

    [Fact]
    public async Task A_bad_alias_move_is_refused_with_the_reason()
    {
        using var client = Http.Client(store, redirects: false);
        var page = await client.PageAsync("/models/fashion");
        var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
        using var posted = await client.PostAsync("/models/fashion/aliases", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__lepton_token"] = token, ["alias"] = "production", ["version"] = "99",
        }));
        var body = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Contains("99", body);
        Assert.Equal(1, (await store.Tracking.Store.GetModelVersionByAliasAsync("fashion", "production")).Version);
    }

    [Fact]
    public async Task Served_artifacts_are_sandboxed_so_a_reports_script_cannot_act_as_the_dashboard()
    {
        using var client = Http.Client(store);
        using var response = await client.GetAsync($"/runs/{store.RichRun}/artifacts/report.html");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("sandbox", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_front_end_is_cached_by_its_content_hash()
    {
        using var client = Http.Client(store);
        var html = await client.PageAsync("/");
        var url = Regex.Match(html, "/ui/assets/app.js\\?v=[0-9a-f]{16}").Value;
        using var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(30));

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [GeneratedRegex("<script[ >]")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("name=\"__lepton_token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [Fact]
    public async Task A_model_data_and_class_named_like_markup_are_escaped_on_the_model_and_version_pages()
    {
        using var client = Http.Client(store);
        var name = Uri.EscapeDataString(DashboardStore.Hostile);
        foreach (var path in new[] { $"/models/{name}", $"/models/{name}/versions/1" })
        {
            var html = await client.PageAsync(path);
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<script>alert(3)", html);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        }
        Assert.Contains("&lt;script&gt;alert(3)&lt;/script&gt;", await client.PageAsync($"/models/{name}/versions/1"));
    }
}
