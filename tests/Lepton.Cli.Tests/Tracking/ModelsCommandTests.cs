using Lepton.Nn.Models;
using Lepton.Tracking;

namespace Lepton.Cli.Tests.Tracking;

/// <summary><c>lepton models ...</c>: register, alias and download round trips with a tiny real model file.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly TrackingHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<(string RunId, string ModelPath)> RecordRunWithModelAsync()
    {
        var model = _home.SaveTinyModel("run-model.lepton");
        await using var client = await TrackingHome.OpenAsync();
        var run = await client.StartRunAsync("fashion", "with-model");
        run.LogParam("optimizer", "adam");
        await run.LogArtifactAsync(model, "model.lepton");
        await run.EndAsync();
        return (run.RunId, model);
    }

    [Fact]
    public async Task Register_alias_and_download_round_trip()
    {
        var (runId, runModel) = await RecordRunWithModelAsync();
        var handModel = _home.SaveTinyModel("hand.lepton");

        var (code, output) = CliRun.Invoke("models", "register", "fashion", "--run", runId[..16]);
        Assert.True(code == 0, output);
        Assert.Contains("Registered fashion version 1", output);
        Assert.Contains($"runs:/{runId}/model.lepton", output);

        (code, output) = CliRun.Invoke("models", "register", "fashion", "--file", handModel, "--description", "trained by hand");
        Assert.True(code == 0, output);
        Assert.Contains("Registered fashion version 2", output);

        (code, output) = CliRun.Invoke("models", "alias", "fashion", "production", "1");
        Assert.True(code == 0, output);
        Assert.Contains("fashion@production → version 1", output);
        (code, output) = CliRun.Invoke("models", "alias", "fashion", "staging", "2");
        Assert.True(code == 0, output);

        (code, output) = CliRun.Invoke("models", "list");
        Assert.True(code == 0, output);
        Assert.Contains("fashion", output);
        Assert.Contains("production → 1", output);
        Assert.Contains("staging → 2", output);

        (code, output) = CliRun.Invoke("models", "versions", "fashion");
        Assert.True(code == 0, output);
        Assert.Contains(runId[..8], output);
        Assert.Contains("model.lepton", output);
        Assert.Contains(handModel, output);
        Assert.Contains("trained by hand", output);
        Assert.True(output.IndexOf("staging", StringComparison.Ordinal) < output.IndexOf("production", StringComparison.Ordinal), "newest version first");

        var target = _home.File("downloads/prod.lepton");
        (code, output) = CliRun.Invoke("models", "download", "fashion@production", "--out", target);
        Assert.True(code == 0, output);
        Assert.Contains("verified", output);
        Assert.Equal(await File.ReadAllBytesAsync(runModel), await File.ReadAllBytesAsync(target));
        using (var loaded = Model.Load(target))
        {
            Assert.Equal(4 * 8 + 8 + 8 * 3 + 3, loaded.CountParameters());
        }

        // moving an alias says where it was
        (code, output) = CliRun.Invoke("models", "alias", "fashion", "production", "2");
        Assert.True(code == 0, output);
        Assert.Contains("→ version 2 (was version 1)", output);

        var folder = Directory.CreateDirectory(_home.File("into")).FullName;
        (code, output) = CliRun.Invoke("models", "download", "fashion/1", "--out", folder);
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(folder, "fashion-v1.lepton")), output);

        (code, output) = CliRun.Invoke("models", "download", "fashion", "--out", _home.File("latest.lepton"));
        Assert.True(code == 0, output);
        Assert.Contains("version 2", output);
        Assert.Equal(await File.ReadAllBytesAsync(handModel), await File.ReadAllBytesAsync(_home.File("latest.lepton")));

        (code, output) = CliRun.Invoke("models", "alias", "fashion", "production", "--delete");
        Assert.True(code == 0, output);
        Assert.Contains("Removed alias fashion@production", output);

        (code, output) = CliRun.Invoke("models", "download", "fashion@production");
        Assert.Equal(2, code);
        Assert.Contains("has no alias 'production'", output);
    }

    [Fact]
    public async Task Unknown_models_versions_and_aliases_are_clear_errors()
    {
        var (runId, _) = await RecordRunWithModelAsync();
        Assert.Equal(0, CliRun.Invoke("models", "register", "fashion", "--run", runId).ExitCode);

        var (code, output) = CliRun.Invoke("models", "versions", "nope");
        Assert.Equal(2, code);
        Assert.Contains("There is no registered model named 'nope'", output);

        (code, output) = CliRun.Invoke("models", "download", "nope@production");
        Assert.Equal(2, code);
        Assert.Contains("'nope'", output);

        (code, output) = CliRun.Invoke("models", "download", "fashion/7");
        Assert.Equal(2, code);
        Assert.Contains("has no version 7", output);

        (code, output) = CliRun.Invoke("models", "alias", "fashion", "production", "7");
        Assert.Equal(2, code);
        Assert.Contains("has no version 7", output);

        (code, output) = CliRun.Invoke("models", "alias", "fashion", "9bad", "1");
        Assert.Equal(2, code);
        Assert.Contains("alias '9bad' is not valid", output);

        (code, output) = CliRun.Invoke("models", "alias", "fashion", "staging", "--delete");
        Assert.Equal(2, code);
        Assert.Contains("has no alias 'staging'", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Register_needs_exactly_one_source_and_names_what_a_run_has()
    {
        var (runId, model) = await RecordRunWithModelAsync();

        var (code, output) = CliRun.Invoke("models", "register", "fashion");
        Assert.Equal(2, code);
        Assert.Contains("either --run", output);

        (code, output) = CliRun.Invoke("models", "register", "fashion", "--run", runId, "--file", model);
        Assert.Equal(2, code);

        (code, output) = CliRun.Invoke("models", "register", "fashion", "--run", runId, "--artifact", "best.lepton");
        Assert.Equal(2, code);
        Assert.Contains("has no artifact 'best.lepton'", output);
        Assert.Contains("model.lepton", output);

        (code, output) = CliRun.Invoke("models", "register", "fashion", "--file", _home.File("missing.lepton"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", output);

        var notModel = _home.File("notes.lepton");
        await File.WriteAllTextAsync(notModel, "not a model");
        (code, output) = CliRun.Invoke("models", "register", "fashion", "--file", notModel);
        Assert.Equal(2, code);
        Assert.Contains("error:", output);

        (code, output) = CliRun.Invoke("models", "list");
        Assert.Equal(0, code);
        Assert.Contains("No registered models", output);
    }

    [Fact]
    public async Task Download_of_damaged_content_fails_and_leaves_no_file()
    {
        var (runId, _) = await RecordRunWithModelAsync();
        Assert.Equal(0, CliRun.Invoke("models", "register", "fashion", "--run", runId).ExitCode);
        string hash;
        await using (var client = await TrackingHome.OpenAsync())
        {
            hash = (await client.Registry.ResolveAsync("fashion/1")).ArtifactHash;
        }

        var blob = Path.Combine(_home.Folder, "artifacts", "sha256", hash[..2], hash[2..]);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes);
        var target = _home.File("out/damaged.lepton");

        var (code, output) = CliRun.Invoke("models", "download", "fashion/1", "--out", target);

        Assert.True(code == 1, output);
        Assert.Contains("error:", output);
        Assert.Contains(hash, output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.Exists(Path.GetDirectoryName(target)) ? Directory.GetFiles(Path.GetDirectoryName(target)!) : []);
    }
}
