using System.Diagnostics;

namespace Lepton.Zoo.Recommendation;

/// <summary>
/// Where the recommender recipe finds MovieLens: the file given, else <c>~/.lepton/data/movielens.csv</c>
/// (<c>$LEPTON_HOME/data</c>), which it writes itself from R's <c>dslabs</c> package when that is installed.
/// </summary>
internal static class MovieLensFile
{
    public const string Convert = "data(movielens, package=\"dslabs\"); write.csv(movielens, commandArgs(TRUE)[1], row.names=FALSE)";

    public static string DefaultPath => LeptonHome.Combine("data", "movielens.csv");

    /// <summary>The ratings CSV to read: <paramref name="data"/> when given, else the default, converted from dslabs when missing.</summary>
    public static string Resolve(string? data, TextWriter log)
    {
        if (data is not null)
        {
            if (!File.Exists(data)) throw new FileNotFoundException($"The ratings file '{data}' does not exist. Give a CSV with columns userId, movieId, rating[, timestamp, title].", data);
            return data;
        }
        var path = DefaultPath;
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        log.WriteLine($"Converting dslabs' movielens table to {path} with Rscript…");
        var partial = path + ".partial";
        var error = RunRscript(partial);
        if (error is not null || !File.Exists(partial))
        {
            throw new FileNotFoundException(
                $"MovieLens is not at {path}, and converting it from R's dslabs package failed ({error ?? "no file written"}). "
                + "Install it (apt-get install r-cran-dslabs) or give a ratings CSV with --data (columns userId, movieId, rating[, timestamp, title]).", path);
        }
        File.Move(partial, path, overwrite: true);
        return path;
    }

    private static string? RunRscript(string output)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("Rscript") { ArgumentList = { "-e", Convert, output }, RedirectStandardError = true, RedirectStandardOutput = true })!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : stderr.Result.Trim().Split('\n').LastOrDefault() ?? $"exit code {process.ExitCode}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"Rscript could not start: {e.Message}";
        }
    }
}
