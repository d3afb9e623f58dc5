namespace Lepton.Testing;

/// <summary>Where the tests find PostgreSQL: a server <see cref="Variable"/> names, or Debian's binaries to start a throwaway one.</summary>
public static class PostgresInstall
{
    /// <summary>The environment variable holding a connection string of a server the tests may use.</summary>
    public const string Variable = "LEPTON_TEST_POSTGRES";

    /// <summary>The connection string <see cref="Variable"/> gives, or null.</summary>
    public static string? GivenServer => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : null;

    /// <summary>The newest installed PostgreSQL's bin folder (the one holding <c>initdb</c>), or null.</summary>
    public static string? BinFolder
    {
        get
        {
            const string root = "/usr/lib/postgresql";
            if (!Directory.Exists(root)) return null;
            return Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
        }
    }

    /// <summary>Why the PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? Missing => GivenServer is null && BinFolder is null
        ? $"PostgreSQL is not installed: run ./test.sh as root (it installs Debian's postgresql), `sudo apt-get install postgresql`, or set {Variable} to a connection string of a server to use."
        : null;
}
