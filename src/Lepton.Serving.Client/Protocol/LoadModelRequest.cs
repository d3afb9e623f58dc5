namespace Lepton.Serving.Protocol;

/// <summary>Admin request to load a model version beside those already served.</summary>
/// <param name="Source">A <c>.lepton</c> file on the server, or a registry reference (<c>name@alias</c>, <c>name/3</c>).</param>
/// <param name="Name">The served name; by default the registry name or the file name.</param>
/// <param name="Version">The version label; by default the registry version or the next number.</param>
/// <param name="SwitchTraffic">Whether the new version takes all unpinned traffic at once (default true).</param>
public sealed record LoadModelRequest(string Source, string? Name = null, string? Version = null, bool? SwitchTraffic = null);
