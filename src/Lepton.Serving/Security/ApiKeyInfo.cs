namespace Lepton.Serving;

/// <summary>What is known of an API key once created: never the key itself, only its id, owner and scopes.</summary>
/// <param name="Id">The short public id, also the second part of the key (<c>lpk_ID_SECRET</c>).</param>
/// <param name="Name">Who or what the key is for.</param>
/// <param name="Scopes"><c>admin</c>, <c>model:*</c> or <c>model:NAME</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, or null while it works.</param>
public sealed record ApiKeyInfo(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
