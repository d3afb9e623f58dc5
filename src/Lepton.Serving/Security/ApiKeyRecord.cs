namespace Lepton.Serving.Security;

/// <summary>One key as the key file stores it: a salted SHA-256 of the secret, never the secret.</summary>
internal sealed record ApiKeyRecord(string Id, string Name, string[] Scopes, string Salt, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
