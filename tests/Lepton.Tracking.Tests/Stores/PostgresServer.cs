using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Lepton.Tracking.Tests.Stores;

/// <summary>
/// A real PostgreSQL server for the tests: the one <c>LEPTON_TEST_POSTGRES</c> names, or else a throwaway cluster
/// this fixture creates with Debian's <c>initdb</c> and starts on a free loopback port (as the <c>postgres</c>
/// user when running as root). Each test gets its own database. Where there is neither it starts nothing, and the
/// tests that need it are skipped by <see cref="FactIfPostgresAttribute"/>.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string? _dataFolder;
    private readonly string? _binFolder;
    private readonly string? _adminConnectionString;
    private int _databases;

    public PostgresServer()
    {
        if (PostgresInstall.GivenServer is { } given)
        {
            _adminConnectionString = given;
            return;
        }

        _binFolder = PostgresInstall.BinFolder;
        if (_binFolder is null) return;
        _dataFolder = Path.Combine(Path.GetTempPath(), $"lepton-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataFolder);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", $"postgres:postgres {_dataFolder}");
        var port = FreePort();
        Run(Path.Combine(_binFolder, "initdb"), $"-D {_dataFolder} -A trust -U lepton --no-sync", asRoot);
        Run(Path.Combine(_binFolder, "pg_ctl"),
            $"-D {_dataFolder} -w -t 60 -l {_dataFolder}/server.log -o \"-p {port} -k {_dataFolder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start",
            asRoot);
        _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=lepton;Database=postgres;Pooling=false";
    }

    /// <summary>A connection string to the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException($"No PostgreSQL server: {PostgresInstall.Missing} Mark the test [FactIfPostgres].");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"lepton_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 50 }.ToString();
    }

    public void Dispose()
    {
        if (_dataFolder is null || _binFolder is null) return;
        try
        {
            Run(Path.Combine(_binFolder, "pg_ctl"), $"-D {_dataFolder} -m immediate -w stop", Environment.UserName == "root");
        }
        finally
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, string arguments, bool asPostgres = false)
    {
        var info = asPostgres
            ? new ProcessStartInfo("su", ["postgres", "-s", "/bin/sh", "-c", $"{program} {arguments}"])
            : new ProcessStartInfo(program, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = "/tmp";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) throw new TimeoutException($"{program} {arguments} did not finish in 2 minutes.");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
