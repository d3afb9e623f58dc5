namespace Lepton.Architecture.Tests;

/// <summary>A folder deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "lepton-architecture-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(_path);

    public string Write(string name, string text)
    {
        var file = Path.Combine(_path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
