using System.Diagnostics;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Runs <c>onnx.checker.check_model(model, full_check=True)</c> from Debian's python3-onnx (1.12) on exported files, many
/// files per python process so the tests stay fast.
/// </summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys
        import onnx
        for path in sys.argv[1:]:
            try:
                onnx.checker.check_model(onnx.load(path), full_check=True)
                print("OK " + path)
            except Exception as e:
                print("FAIL " + path + ": " + str(e).replace("\n", " | "))
        """;

    /// <summary>The checker's complaint per file that fails (empty when every file passes).</summary>
    public static IReadOnlyDictionary<string, string> Failures(IReadOnlyList<string> paths)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var path in paths) start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} could not run the ONNX checker (install Debian's python3-onnx: apt-get install python3-onnx): {stderr.Result}");
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)))
        {
            var body = line[5..];
            var split = body.IndexOf(": ", StringComparison.Ordinal);
            failures[body[..split]] = body[(split + 2)..];
        }
        var passed = lines.Count(l => l.StartsWith("OK ", StringComparison.Ordinal));
        if (passed + failures.Count != paths.Count)
            throw new InvalidOperationException($"The ONNX checker reported on {passed + failures.Count} of {paths.Count} files: {string.Join(" / ", lines)} {stderr.Result}");
        return failures;
    }

    /// <summary>Fails the test with the checker's message unless every file passes.</summary>
    public static void AssertValid(params string[] paths)
    {
        var failures = Failures(paths);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"{Path.GetFileName(f.Key)}: {f.Value}")));
    }
}
