namespace Lepton.Serving.Security;

/// <summary>The JSON document of the key file.</summary>
internal sealed record ApiKeyFile(int FormatVersion, List<ApiKeyRecord> Keys);
