using System.Globalization;

namespace Lepton.Nn.Callbacks;

/// <summary>Writes one CSV row per epoch (<c>epoch</c> then every logged value), flushed as it goes.</summary>
public sealed class CsvLogger : Callback, IDisposable
{
    private StreamWriter? _writer;
    private string[]? _columns;

    /// <summary>Creates the logger; with <paramref name="append"/> an existing file is continued.</summary>
    public CsvLogger(string path, bool append = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Append = append;
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>Whether rows are added to an existing file.</summary>
    public bool Append { get; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingInfo info)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (folder is not null) Directory.CreateDirectory(folder);
        var continuing = Append && File.Exists(Path) && new FileInfo(Path).Length > 0;
        _columns = continuing ? File.ReadLines(Path).First().Split(',')[1..] : null;
        _writer = new StreamWriter(Path, Append);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (_writer is null) return;
        if (_columns is null)
        {
            _columns = logs.Keys.Order(StringComparer.Ordinal).ToArray();
            _writer.WriteLine(string.Join(',', ["epoch", .. _columns]));
        }
        var cells = _columns.Select(c => logs.TryGetValue(c, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
        _writer.WriteLine(string.Join(',', [epoch.ToString(CultureInfo.InvariantCulture), .. cells]));
        _writer.Flush();
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs) => Dispose();

    /// <inheritdoc />
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
