namespace Lepton;

/// <summary>
/// Lepton's home folder: <c>LEPTON_HOME</c>, else <c>~/.lepton</c>. What Lepton keeps for a user by default lives
/// under it: the tracking database and artifacts, the model cache, and the inference server's keys and audit log.
/// </summary>
public static class LeptonHome
{
    /// <summary>The environment variable naming the home folder.</summary>
    public const string Variable = "LEPTON_HOME";

    /// <summary>The home folder's full path (not created).</summary>
    public static string Path =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } home
            ? System.IO.Path.GetFullPath(home)
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lepton");

    /// <summary>A path under the home folder, e.g. <c>Combine("serving", "keys.json")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
