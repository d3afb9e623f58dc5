using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Tests;

public sealed class SettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("sqlite:///var/lib/lepton/runs.db", StoreKind.Sqlite)]
    [InlineData("runs.db", StoreKind.Sqlite)]
    [InlineData("postgresql://ml@db.internal:5433/lepton", StoreKind.Postgres)]
    [InlineData("Host=db;Database=lepton;Username=ml", StoreKind.Postgres)]
    [InlineData("http://127.0.0.1:5005", StoreKind.Server)]
    [InlineData("https://tracking.example.com", StoreKind.Server)]
    public void A_tracking_uri_names_its_kind_of_store(string uri, StoreKind kind) =>
        Assert.Equal(kind, new TrackingSettings(uri, "/tmp/a").Kind);

    [Fact]
    public void A_sqlite_uri_names_a_file()
    {
        Assert.Equal("/var/lib/lepton/runs.db", TrackingSettings.SqlitePath("sqlite:///var/lib/lepton/runs.db"));
        Assert.Equal(Path.GetFullPath("runs.db"), TrackingSettings.SqlitePath("sqlite:runs.db"));
        Assert.Equal(TrackingErrorKind.Invalid, Assert.Throws<TrackingException>(() => TrackingSettings.SqlitePath("sqlite:")).Kind);
    }

    [Fact]
    public void The_defaults_live_under_lepton_home()
    {
        var saved = (Environment.GetEnvironmentVariable(LeptonHome.Variable), Environment.GetEnvironmentVariable(TrackingSettings.UriVariable), Environment.GetEnvironmentVariable(TrackingSettings.ArtifactVariable));
        try
        {
            Environment.SetEnvironmentVariable(LeptonHome.Variable, _folder.Path);
            Environment.SetEnvironmentVariable(TrackingSettings.UriVariable, null);
            Environment.SetEnvironmentVariable(TrackingSettings.ArtifactVariable, null);
            var settings = TrackingSettings.FromEnvironment();
            Assert.Equal("sqlite:///" + Path.Combine(_folder.Path, "lepton.db"), settings.TrackingUri);
            Assert.Equal(Path.Combine(_folder.Path, "artifacts"), settings.ArtifactRoot);

            Environment.SetEnvironmentVariable(TrackingSettings.UriVariable, "postgresql://ml@db/lepton");
            Assert.Equal(StoreKind.Postgres, TrackingSettings.FromEnvironment().Kind);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LeptonHome.Variable, saved.Item1);
            Environment.SetEnvironmentVariable(TrackingSettings.UriVariable, saved.Item2);
            Environment.SetEnvironmentVariable(TrackingSettings.ArtifactVariable, saved.Item3);
        }
    }

    [Fact]
    public void A_postgres_uri_becomes_a_connection_string()
    {
        var builder = PostgresConnection.Parse("postgresql://ml%40team:s3cr%3At@db.internal:5433/lepton?sslmode=require&timeout=30");

        Assert.Equal(("db.internal", 5433, "lepton", "ml@team", "s3cr:t"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal(30, builder.Timeout);
        Assert.Equal(TrackingErrorKind.Invalid, Assert.Throws<TrackingException>(() => PostgresConnection.Parse("postgresql://db/x?colour=red")).Kind);
        Assert.Equal(TrackingErrorKind.Invalid, Assert.Throws<TrackingException>(() => PostgresConnection.Parse("Host=db;Nonsense=1")).Kind);
    }

    [Theory]
    [InlineData("fashion@production", "fashion", "production", null)]
    [InlineData("fashion/3", "fashion", null, 3)]
    [InlineData("fashion", "fashion", null, null)]
    [InlineData("team models@staging", "team models", "staging", null)]
    public void Model_references_name_an_alias_a_version_or_the_latest(string text, string name, string? alias, int? version)
    {
        var reference = ModelReference.Parse(text);
        Assert.Equal(new ModelReference(name, alias, version), reference);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("fashion/zero")]
    [InlineData("fashion/0")]
    [InlineData("fashion@")]
    [InlineData("@production")]
    public void Bad_model_references_are_refused(string text) =>
        Assert.Equal(TrackingErrorKind.Invalid, Assert.Throws<TrackingException>(() => ModelReference.Parse(text)).Kind);

    [Fact]
    public void The_git_commit_is_read_from_loose_and_packed_refs_and_worktrees()
    {
        const string loose = "0123456789abcdef0123456789abcdef01234567";
        const string packed = "89abcdef0123456789abcdef0123456789abcdef";
        var repo = Path.Combine(_folder.Path, "repo");
        var git = Path.Combine(repo, ".git");
        Directory.CreateDirectory(Path.Combine(git, "refs", "heads"));
        File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(git, "refs", "heads", "main"), loose + "\n");
        File.WriteAllText(Path.Combine(git, "packed-refs"), $"# pack-refs with: peeled\n{packed} refs/heads/release\n");
        Directory.CreateDirectory(Path.Combine(repo, "src", "deep"));
        Assert.Equal(loose, GitInfo.CurrentCommit(Path.Combine(repo, "src", "deep")));

        File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/release\n");
        Assert.Equal(packed, GitInfo.CurrentCommit(repo));

        // A worktree: .git is a file pointing at the worktree's git dir, whose commondir leads back.
        var worktreeGit = Path.Combine(git, "worktrees", "wt");
        Directory.CreateDirectory(worktreeGit);
        File.WriteAllText(Path.Combine(worktreeGit, "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(worktreeGit, "commondir"), "../..\n");
        var worktree = Path.Combine(_folder.Path, "wt");
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(worktree, ".git"), $"gitdir: {worktreeGit}\n");
        Assert.Equal(loose, GitInfo.CurrentCommit(worktree));

        Assert.Null(GitInfo.CurrentCommit("/"));
    }
}
