using Lepton.Data.Tables;
using Lepton.Data.Tests.Tables;

namespace Lepton.Data.Tests.Pipelines;

/// <summary>Tables for pipeline tests, written as CSV in a temp folder and read back.</summary>
internal sealed class Csv : IDisposable
{
    private readonly TempFolder folder = new();
    private int count;

    public string Folder => folder.Path;

    public Table Read(string text, Dictionary<string, ColumnKind>? kinds = null) =>
        Table.Read(folder.Write($"t{count++}.csv", text), new TableReadOptions { ColumnKinds = kinds });

    public static double?[] Column(Table table, string name) => table.GetDoubles(name);

    public void Dispose() => folder.Dispose();
}
