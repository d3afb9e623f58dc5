using System.Diagnostics;
using Lepton.Serving.Apis;
using Microsoft.AspNetCore.Http;

namespace Lepton.Serving.Security;

/// <summary>
/// Checks the API key of a request against the key file, re-read when it changes (so a key revoked from the CLI
/// stops working within a second), and says whether its scopes allow the model or the admin API.
/// </summary>
internal sealed class ApiKeyGate
{
    public const string KeyItem = "lepton.api-key";
    private readonly ApiKeyStore _store;
    private readonly bool? _required;
    private readonly Lock _gate = new();
    private IReadOnlyList<ApiKeyRecord> _keys = [];
    private DateTime _stamp = DateTime.MinValue;
    private long _checkedAt;

    public ApiKeyGate(ServingOptions options)
    {
        _store = new ApiKeyStore(options.ResolvedKeysPath);
        _required = options.RequireApiKeys;
    }

    /// <summary>Null when the request may go on, else the 401 or 403 answer.</summary>
    public IResult? Check(HttpContext context, string? model)
    {
        var keys = Keys();
        if (!(_required ?? keys.Any(k => k.RevokedAt is null))) return null;
        var presented = Presented(context.Request);
        if (presented is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Errors.Result(StatusCodes.Status401Unauthorized, "This route needs an API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY' (create one with 'lepton keys create').");
        }
        var key = ApiKeyStore.Verify(keys, presented);
        if (key is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Errors.Result(StatusCodes.Status401Unauthorized, "The API key is not valid or was revoked.");
        }
        context.Items[KeyItem] = key.Id;
        var allowed = model is null
            ? key.Scopes.Contains(ApiKeyStore.AdminScope)
            : key.Scopes.Any(s => s == "model:*" || s == "model:" + model);
        return allowed ? null : Errors.Result(StatusCodes.Status403Forbidden,
            model is null ? $"API key {key.Id} has no admin scope." : $"API key {key.Id} may not use model '{model}' (its scopes: {string.Join(", ", key.Scopes)}).");
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers["X-API-Key"].ToString() is { Length: > 0 } header) return header.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private IReadOnlyList<ApiKeyRecord> Keys()
    {
        var now = Stopwatch.GetTimestamp();
        var checkedAt = Volatile.Read(ref _checkedAt);
        if (checkedAt != 0 && now - checkedAt < Stopwatch.Frequency) return _keys;
        lock (_gate)
        {
            if (_checkedAt != 0 && now - _checkedAt < Stopwatch.Frequency) return _keys;
            var stamp = File.Exists(_store.Path) ? File.GetLastWriteTimeUtc(_store.Path) : DateTime.MinValue;
            if (stamp != _stamp)
            {
                _keys = _store.ReadRecords();
                _stamp = stamp;
            }
            Volatile.Write(ref _checkedAt, now);
            return _keys;
        }
    }
}
