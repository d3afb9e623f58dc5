using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Lepton.Tracking.Remote;

/// <summary>
/// One Lepton tracking server: sends requests under its base address and turns its error bodies back into the
/// <see cref="TrackingException"/> the server's store threw, with the same kind and message.
/// </summary>
internal sealed class ApiConnection : IDisposable
{
    /// <summary>How long a JSON call may take; artifact transfers have no limit but the caller's token.</summary>
    private static readonly TimeSpan JsonTimeout = TimeSpan.FromSeconds(100);

    /// <summary>Bodies larger than this ask the server first (<c>Expect: 100-continue</c>); smaller ones go at once.</summary>
    private const long ExpectContinueAbove = 1 << 20;

    private readonly bool _ownsHttp;

    public ApiConnection(Uri baseAddress, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || baseAddress.Scheme is not ("http" or "https"))
            throw TrackingException.Invalid($"'{baseAddress}' is not a tracking server address: write http://host:port.");
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _ownsHttp = http is null;
        Http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The server's address as users wrote it, for messages.</summary>
    public string Description => BaseAddress.AbsoluteUri.TrimEnd('/');

    public static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>
    /// A JSON body with its length declared, so a server that finds it too large can refuse it before it is sent
    /// (see <see cref="ExpectContinueAbove"/>) and the caller reads the 413 rather than a reset connection.
    /// </summary>
    public static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public async Task<TResult> SendAsync<TResult>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(JsonTimeout);
        using var response = await SendCoreAsync(method, path, content, timeout.Token, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, resultType, timeout.Token).ConfigureAwait(false)
                ?? throw Unavailable($"The tracking server at {Description} answered {method} {path} with an empty body.");
        }
        catch (JsonException e)
        {
            throw Unavailable($"The tracking server at {Description} answered {method} {path} with JSON this Lepton cannot read ({e.Message}); is it the same Lepton version?", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unreachable(e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(method, path, e);
        }
    }

    public async Task SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(JsonTimeout);
        using var response = await SendCoreAsync(method, path, content, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends without a time limit and returns the successful response with its body unread; the caller disposes it.</summary>
    public Task<HttpResponseMessage> SendStreamingAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken) =>
        SendCoreAsync(method, path, content, cancellationToken, cancellationToken);

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, HttpContent? content, CancellationToken token, CancellationToken callerToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path)) { Content = content };
        if (content?.Headers.ContentLength > ExpectContinueAbove) request.Headers.ExpectContinue = true;
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (OperationCanceledException e) when (!callerToken.IsCancellationRequested)
        {
            throw TimedOut(method, path, e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await ErrorFromAsync(response, token).ConfigureAwait(false);
        }
    }

    private async Task<TrackingException> ErrorFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ApiError? error = null;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            error = await JsonSerializer.DeserializeAsync(stream, ApiJsonContext.Default.ApiError, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // Not a Lepton error body (a proxy's page, a cut connection): the status code has to do.
        }

        var message = error?.Error ?? $"The tracking server at {Description} answered {status} {response.ReasonPhrase} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}.";
        return new TrackingException(ApiJson.KindOf(error?.Kind, status), message);
    }

    private TrackingException Unreachable(Exception e) => Unavailable(
        $"Cannot reach the tracking server at {Description}: {e.Message} Start one with `lepton tracking server`, or point LEPTON_TRACKING_URI at a running one.", e);

    private TrackingException TimedOut(HttpMethod method, string path, Exception e) => Unavailable(
        $"The tracking server at {Description} did not answer {method} {path} within {JsonTimeout.TotalSeconds:0} s.", e);

    private static TrackingException Unavailable(string message, Exception? inner = null) =>
        new(TrackingErrorKind.Unavailable, message, inner);

    public void Dispose()
    {
        if (_ownsHttp) Http.Dispose();
    }
}
