using System.Text;
using Lepton.Serving.Protocol;

namespace Lepton.Serving.Client.Tests;

/// <summary>The binary tensor data framing, on its own: what a client writes is what a server reads back.</summary>
public sealed class BinaryTensorDataTests
{
    [Fact]
    public void A_composed_body_reads_back_tensor_by_tensor_after_its_header()
    {
        var header = Encoding.UTF8.GetBytes("""{"inputs":[]}""");
        float[] first = [1.5f, -2f, 0f], second = [float.Epsilon, 1e30f];
        var body = BinaryTensorData.Compose(header, [first, second]);

        Assert.Equal(header.Length + (first.Length + second.Length) * sizeof(float), body.Length);
        Assert.Equal(header, body[..header.Length]);
        var reader = new BinaryTensorData(body.AsMemory(header.Length));
        Assert.Equal(first, reader.TakeFloats("inputs[0]", first.Length * sizeof(float), first.Length));
        Assert.Equal(second, reader.TakeFloats("inputs[1]", second.Length * sizeof(float), second.Length));
        reader.EnsureAllTaken();
    }

    [Fact]
    public void Sizes_that_do_not_add_up_are_invalid_data_naming_the_field()
    {
        var body = BinaryTensorData.Compose([], [[1f, 2f]]);

        var declared = Assert.Throws<InvalidDataException>(() => new BinaryTensorData(body).TakeFloats("inputs[3]", 12, 2));
        Assert.Contains("inputs[3].parameters.binary_data_size is 12 bytes", declared.Message, StringComparison.Ordinal);

        var tooLong = Assert.Throws<InvalidDataException>(() => new BinaryTensorData(body).TakeFloats("inputs[0]", 12, 3));
        Assert.Contains("only 8 left", tooLong.Message, StringComparison.Ordinal);

        var leftOver = new BinaryTensorData(BinaryTensorData.Compose([], [[1f, 2f], [3f]]));
        leftOver.TakeFloats("inputs[0]", 8, 2);
        Assert.Contains("4 bytes after the tensors", Assert.Throws<InvalidDataException>(leftOver.EnsureAllTaken).Message, StringComparison.Ordinal);

        Assert.Contains(BinaryTensorData.HeaderLengthHeader, Assert.Throws<InvalidDataException>(() => BinaryTensorData.None.TakeFloats("inputs[0]", 4, 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_finite_is_invalid_data_naming_its_index()
    {
        var body = BinaryTensorData.Compose([], [[1f, float.NaN]]);

        var error = Assert.Throws<InvalidDataException>(() => new BinaryTensorData(body).TakeFloats("inputs[0]", 8, 2));
        Assert.Contains("inputs[0] binary value [1] is NaN", error.Message, StringComparison.Ordinal);
    }

    // Found by the fuzz tests: a count whose byte size overflows (2^62 * 4 wraps to 0) or a negative one reached the
    // arithmetic and the slicing instead of the documented InvalidDataException.
    [Theory]
    [InlineData(0L, 1L << 62)]
    [InlineData(-4L, -1L)]
    [InlineData(0L, long.MinValue)]
    public void A_count_of_values_no_tensor_can_hold_is_an_InvalidDataException(long declaredBytes, long elements)
    {
        var error = Assert.Throws<InvalidDataException>(() => new BinaryTensorData(new byte[16]).TakeFloats("inputs[0]", declaredBytes, elements));
        Assert.Contains($"inputs[0] has {elements} values", error.Message, StringComparison.Ordinal);
    }
}
