using System.Globalization;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

/// <summary>A table bigger than the engine may hold in memory is still read and profiled: the engine spills to disk.</summary>
public sealed class LargerThanMemoryTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_file_larger_than_the_memory_limit_is_read_and_profiled_exactly()
    {
        const int rows = 1_500_000;
        var random = new Random(11);
        var path = Path.Combine(folder.Path, "big.csv");
        double sum = 0;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            writer.Write("id,value,category,note\n");
            var bytes = new byte[32];
            for (var i = 0; i < rows; i++)
            {
                var value = Math.Round(random.NextDouble() * 1000, 3);
                sum += value;
                random.NextBytes(bytes);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{i},{value},c{i % 37},{Convert.ToHexString(bytes)}\n"));
            }
        }

        Assert.True(new FileInfo(path).Length > 110L << 20, "the file should be well over the 96 MB limit");

        using var table = Table.Read(path, new TableReadOptions { MemoryLimit = "96MB" });
        var profile = table.Profile();
        var inMemory = Convert.ToInt64(table.Session.Scalar("SELECT CAST(sum(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()"), CultureInfo.InvariantCulture);

        // A file this large is stored in the engine's file (DuckSession.OnDiskFromBytes), whose blocks it evicts under the limit.
        Assert.True(table.Session.OnDisk, "the engine kept a 110 MB table in memory");
        Assert.True(inMemory <= 96L << 20, $"the engine holds {inMemory:N0} bytes in memory, over its 96 MB limit");
        Assert.Equal(rows, table.ReadSummary.RowsKept);
        Assert.Equal(sum / rows, profile.Column("value").Mean!.Value, 6);
        Assert.Equal(37, profile.Column("category").Distinct);
    }
}
