using System.Net;
using Microsoft.Playwright;

namespace Lepton.Web.Tests;

/// <summary>The playground: a form built from a served model's inputs, and its answer as the model's users get it.</summary>
[Collection(ServedCollection.Name)]
public sealed class PlaygroundTests(ServedModels served)
{
    [Fact]
    public async Task A_records_model_gets_a_field_per_column_with_its_categories()
    {
        using var client = Http.Client(served.Address);
        var list = await client.PageAsync("/playground");
        Assert.Contains("/playground?server=0&amp;model=churn", list);
        Assert.Contains("/playground?server=0&amp;model=shapes", list);

        var html = await client.PageAsync("/playground?server=0&model=churn");
        Assert.Contains("id=\"col.x\" name=\"col.x\" type=\"number\"", html);
        Assert.Contains("<option value=\"Lyon\">Lyon</option>", html);
        Assert.Contains("float, required", html);
    }

    [Fact]
    public async Task A_record_is_answered_with_the_class_and_probabilities_and_a_refusal_with_the_servers_reason()
    {
        using var client = Http.Client(served.Address);
        var token = Http.Token(await client.PageAsync("/playground?server=0&model=churn"));

        var answer = await Post(client, token, new() { ["col.x"] = "3.5", ["col.y"] = "80", ["col.city"] = "Nice" });
        Assert.Matches("<p class=\"prediction\"><strong>(cat|dog|bird)</strong> [0-9.]+ %", answer);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(answer, "<meter ").Count);
        Assert.Contains("value=\"3.5\"", answer); // the form keeps what was sent

        var refused = await Post(client, token, new() { ["col.y"] = "80" });
        Assert.Contains("The server answered", refused);
        Assert.Contains("x", refused);
        Assert.Contains("not a number", await Post(client, token, new() { ["col.x"] = "three", ["col.y"] = "1" }));

        using var forged = await client.PostAsync("/playground?server=0&model=churn", new FormUrlEncodedContent(new Dictionary<string, string> { ["col.x"] = "1", ["col.y"] = "2" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    private static async Task<string> Post(HttpClient client, string token, Dictionary<string, string> fields)
    {
        using var form = new MultipartFormDataContent { { new StringContent(token), "__lepton_token" } };
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        using var response = await client.PostAsync("/playground?server=0&model=churn", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [FactIfChromium]
    public async Task An_uploaded_image_is_classified_in_the_browser()
    {
        await using var session = await BrowserSession.OpenAsync(served.Address, "/playground");
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { NameString = "shapes" }).First.ClickAsync();
        var png = Path.Combine(Path.GetTempPath(), $"lepton-web-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(png, Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="));
        try
        {
            await page.SetInputFilesAsync("input[name='image']", png);
            await page.GetByRole(AriaRole.Button, new() { NameString = "Predict" }).ClickAsync();
            await page.Locator("#answer .prediction").WaitForAsync();
            Assert.Contains(await page.Locator("#answer .prediction strong").InnerTextAsync(), ServedModels.Classes);
            Assert.Equal(3, await page.Locator("#answer meter").CountAsync());
            await session.ScreenshotAsync("playground");
            session.AssertClean();
        }
        finally
        {
            File.Delete(png);
        }
    }
}
