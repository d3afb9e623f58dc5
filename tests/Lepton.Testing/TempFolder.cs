using System.Text;

namespace Lepton.Testing;

/// <summary>A fresh folder for one test's files, deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder under the system's temporary folder.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lepton-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the folder (nothing is created).</summary>
    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes UTF-8 text (no BOM unless asked) and returns the file's path.</summary>
    public string Write(string name, string text, bool bom = false)
    {
        var file = PathOf(name);
        File.WriteAllText(file, text, new UTF8Encoding(bom));
        return file;
    }

    /// <summary>Writes <paramref name="bytes"/> and returns the file's path.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        var file = PathOf(name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    /// <summary>Deletes the folder; a file another process still holds leaves it behind rather than failing the test.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
