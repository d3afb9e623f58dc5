using System.Text;

namespace Lepton.Data.Tests.Tables;

/// <summary>A fresh folder for one test's files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lepton-tables-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes UTF-8 text (no BOM unless asked) and returns the file's path.</summary>
    public string Write(string name, string text, bool bom = false)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text, new UTF8Encoding(bom));
        return file;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
