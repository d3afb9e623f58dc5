using Lepton.Fuzz.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Lepton.Fuzz.Tests;

// DuckDB reads a file in milliseconds, not microseconds: these see hundreds of cases, the long run (bench/fuzz.sh) more.
public sealed class TableFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_csv_files_are_read_or_give_a_TableReadException() =>
        FuzzRun.Corpus(FuzzTargets.TableCsv, seconds: 6, output, TimeSpan.FromSeconds(30));

    [Fact]
    public void Mutated_json_files_are_read_or_give_a_TableReadException() =>
        FuzzRun.Corpus(FuzzTargets.TableJson, seconds: 5, output, TimeSpan.FromSeconds(30));

    [Fact]
    public void Mutated_json_lines_files_are_read_or_give_a_TableReadException() =>
        FuzzRun.Corpus(FuzzTargets.TableJsonLines, seconds: 5, output, TimeSpan.FromSeconds(30));

    [Fact]
    public void Mutated_parquet_files_are_read_or_give_a_TableReadException() =>
        FuzzRun.Corpus(FuzzTargets.TableParquet, seconds: 4, output, TimeSpan.FromSeconds(30));
}
