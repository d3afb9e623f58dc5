using Lepton.Cli.Tests.Tracking;

namespace Lepton.Cli.Tests.Serving;

public sealed class KeysCommandTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("keys")]
    public void Serving_commands_have_help(string command)
    {
        var (code, output) = CliRun.Invoke(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
        Assert.Contains(command, output);
    }

    [Fact]
    public void Keys_are_created_listed_and_revoked_and_only_their_hashes_are_stored()
    {
        using var home = new TrackingHome();
        var (code, output) = CliRun.Invoke("keys", "create", "shop", "--scope", "model:fashion", "--scope", "admin");
        Assert.Equal(ExitCodes.Success, code);
        var key = output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("lpk_", StringComparison.Ordinal));
        var id = key.Split('_')[1];
        // lpk_ID_SECRET: the id is hex, the secret base64url, which may itself hold '_'.
        var secret = key[("lpk_".Length + id.Length + 1)..];
        Assert.Equal(43, secret.Length);
        var stored = File.ReadAllText(home.File("serving/keys.json"));
        Assert.DoesNotContain(secret, stored);

        (code, output) = CliRun.Invoke("keys", "list");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(id, output);
        Assert.Contains("model:fashion, admin", output);
        Assert.DoesNotContain(key, output);

        Assert.Equal(ExitCodes.Success, CliRun.Invoke("keys", "revoke", id).ExitCode);
        (code, output) = CliRun.Invoke("keys", "revoke", id);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("no active key", output);
        var audit = File.ReadAllLines(home.File("serving/audit.jsonl"));
        Assert.Equal(2, audit.Length);
        Assert.Contains("key.revoke", audit[1]);
    }

    [Fact]
    public void An_unknown_scope_is_refused_with_a_plain_message()
    {
        using var home = new TrackingHome();
        var (code, output) = CliRun.Invoke("keys", "create", "x", "--scope", "everything");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("not a scope", output);
    }

    [Fact]
    public void Serve_refuses_invalid_settings_before_listening()
    {
        using var home = new TrackingHome();
        var (code, output) = CliRun.Invoke("serve", "model.lepton", "--max-batch", "0", "--workers", "0");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("MaxBatchSize 0", output);
        Assert.Contains("Workers 0", output);
    }

    [Fact]
    public void Serve_on_a_taken_port_says_so_and_how_to_choose_another()
    {
        using var home = new TrackingHome();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, output) = CliRun.Invoke("serve", "model.lepton", "--port", port);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains($"Cannot listen on 127.0.0.1:{port}", output);
        Assert.Contains("Choose another with --port", output);
        Assert.DoesNotContain("bug in Lepton", output);
    }
}
