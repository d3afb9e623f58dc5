namespace Lepton.Serving.Protocol;

/// <summary>Open Inference Protocol server metadata (<c>GET /v2</c>).</summary>
/// <param name="Name">The server's name.</param>
/// <param name="Version">The server's version.</param>
/// <param name="Extensions">Protocol extensions supported.</param>
public sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);
