using System.Net;
using System.Text.RegularExpressions;

namespace Lepton.Web.Tests;

/// <summary>Plain HTTP against the running dashboard: what a page's HTML holds, without a browser.</summary>
internal static partial class Http
{
    public static HttpClient Client(DashboardStore store, bool redirects = true) => Client(store.Address, redirects);

    public static HttpClient Client(Uri address, bool redirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = redirects, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The anti-forgery token of a page's forms (its cookie is in the client's jar).</summary>
    public static string Token(string html) => WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__lepton_token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public static async Task<string> PageAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {response.StatusCode}, expected {(int)expected}.\n{body[..Math.Min(body.Length, 2000)]}");
        return body;
    }

    /// <summary>The run ids of the runs table's rows, in order.</summary>
    public static IReadOnlyList<string> RowRuns(string html) => RowRun().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("<tr data-run=\"([0-9a-f]{32})\"")]
    private static partial Regex RowRun();
}
