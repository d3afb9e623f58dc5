using System.Net;
using System.Text;
using System.Text.Json;

namespace Lepton.Tracking.Server.Tests;

/// <summary>A raw answer of the server: status and body, with the checks every error answer must pass.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string Body, string? ContentType)
{
    public static async Task<ApiResponse> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await SendAsync(http, request);
    }

    public static async Task<ApiResponse> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts a JSON error body of this status and kind, without internals, and returns its message.</summary>
    public string AssertError(HttpStatusCode status, string kind)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/json", ContentType);
        Assert.DoesNotContain("   at ", Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Body, StringComparison.Ordinal);
        var root = Json;
        Assert.Equal(kind, root.GetProperty("kind").GetString());
        var message = root.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }
}
