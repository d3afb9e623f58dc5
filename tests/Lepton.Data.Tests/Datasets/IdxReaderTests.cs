using Lepton.Data.Datasets;

namespace Lepton.Data.Tests.Datasets;

public sealed class IdxReaderTests : IDisposable
{
    private static readonly int[] Dims = [3, 2, 4];
    private static readonly byte[] Values = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_valid_file_reads_back_its_dimensions_and_values(bool gzip)
    {
        var plain = IdxFiles.Bytes(Dims, Values);
        var path = IdxFiles.Write(_folder.Path, "a-idx3-ubyte" + (gzip ? ".gz" : ""), gzip ? IdxFiles.Gzip(plain) : plain);
        var array = IdxReader.Read(path);
        Assert.Equal(Dims, array.Dimensions);
        Assert.Equal(Values, array.Data);
    }

    [Fact]
    public void Compression_is_recognised_by_content_not_by_name()
    {
        var path = IdxFiles.Write(_folder.Path, "misnamed", IdxFiles.Gzip(IdxFiles.Bytes([5], [1, 2, 3, 4, 5])));
        Assert.Equal([1, 2, 3, 4, 5], IdxReader.Read(path).Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_truncation_gives_an_error_naming_the_file_or_the_intact_values(bool gzip)
    {
        var plain = IdxFiles.Bytes(Dims, Values);
        var whole = gzip ? IdxFiles.Gzip(plain) : plain;
        var path = Path.Combine(_folder.Path, "cut");
        var intact = 0;
        for (var length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(path, whole[..length]);
            try
            {
                // A gzip file cut after its last compressed bit (in padding or the trailer) still holds every value.
                var array = IdxReader.Read(path);
                Assert.True(gzip, $"a plain file cut to {length} bytes was accepted");
                Assert.Equal(Values, array.Data);
                intact++;
            }
            catch (InvalidDataException error)
            {
                Assert.Contains(path, error.Message);
            }
        }
        Assert.True(intact <= 9, $"{intact} truncations were accepted");
    }

    [Fact]
    public void A_truncated_plain_file_says_how_much_is_missing()
    {
        var path = IdxFiles.Write(_folder.Path, "short", IdxFiles.Bytes(Dims, Values)[..^5]);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("3 x 2 x 4", error.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_is_reported_as_truncated()
    {
        var whole = IdxFiles.Gzip(IdxFiles.Bytes([1000], Enumerable.Range(0, 1000).Select(i => (byte)(i * 7919 % 251)).ToArray()));
        var path = IdxFiles.Write(_folder.Path, "short.gz", whole[..(whole.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_wrong_magic_number_is_reported()
    {
        var bytes = IdxFiles.Bytes(Dims, Values);
        bytes[0] = 0x89;
        var path = IdxFiles.Write(_folder.Path, "picture.png", bytes);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic number", error.Message);
    }

    [Fact]
    public void Element_types_other_than_bytes_are_named()
    {
        var path = IdxFiles.Write(_folder.Path, "floats", IdxFiles.Bytes([6], new byte[24], type: 0x0D));
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("32-bit float", error.Message);
    }

    [Fact]
    public void Bytes_after_the_declared_array_are_reported()
    {
        var plain = IdxFiles.Bytes(Dims, [.. Values, 1, 2, 3]);
        plain[3 + 4] = 2; // keep dims 3 x 2 x 4 (the array is followed by three stray bytes)
        var path = IdxFiles.Write(_folder.Path, "long", IdxFiles.Bytes(Dims, [.. Values, 1, 2, 3]));
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("3 bytes after", error.Message);

        var gz = IdxFiles.Write(_folder.Path, "long.gz", IdxFiles.Gzip(IdxFiles.Bytes(Dims, [.. Values, 1])));
        var gzError = Assert.Throws<InvalidDataException>(() => IdxReader.Read(gz));
        Assert.Contains("more than", gzError.Message);
    }

    [Fact]
    public void A_header_claiming_an_enormous_array_fails_without_allocating_it()
    {
        var path = IdxFiles.Write(_folder.Path, "huge.gz", IdxFiles.Gzip(IdxFiles.Bytes([60000, 28, 28], new byte[10])));
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("60000 x 28 x 28", error.Message);

        var overflow = IdxFiles.Write(_folder.Path, "overflow", IdxFiles.Bytes([int.MaxValue, int.MaxValue], new byte[10]));
        Assert.Throws<InvalidDataException>(() => IdxReader.Read(overflow));
    }

    [Fact]
    public void Zero_dimensions_and_zero_sizes_are_refused()
    {
        var noDims = IdxFiles.Write(_folder.Path, "nodims", IdxFiles.Bytes([], []));
        Assert.Contains("0 dimensions", Assert.Throws<InvalidDataException>(() => IdxReader.Read(noDims)).Message);
        var zero = IdxFiles.Write(_folder.Path, "zero", IdxFiles.Bytes([0], []));
        Assert.Contains("size 0", Assert.Throws<InvalidDataException>(() => IdxReader.Read(zero)).Message);
    }

    [Fact]
    public void Corrupt_compressed_data_is_reported_with_the_file()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Bytes([100], new byte[100]));
        for (var i = 10; i < gz.Length - 8; i++) gz[i] ^= 0x5A;
        var path = IdxFiles.Write(_folder.Path, "garbled.gz", gz);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(Path.Combine(_folder.Path, "absent")));
    }
}
