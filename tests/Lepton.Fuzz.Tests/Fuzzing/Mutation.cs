using System.Text;
using System.Text.RegularExpressions;

namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>
/// One edit of an input, the way afl and libFuzzer mutate: bit flips, interesting bytes, truncation, deleting or
/// repeating a run, splicing in part of another seed, inserting an interesting token, or, for text formats,
/// replacing a number or a quoted string with an interesting token (units 1e9, -1, NaN, deep nesting, …).
/// Positions are taken modulo the input's length, so any mutation applies to any input.
/// </summary>
internal readonly partial record struct Mutation(MutationKind Kind, int Position, int Length, int Value)
{
    /// <summary>Tokens that have broken readers before: FP32 and integer limits, non-numbers, deep nesting, huge strings.</summary>
    public static readonly string[] Tokens =
    [
        "1e39", "-1e39", "1e400", "-1", "0", "-0", "1e9", "2147483647", "2147483648", "-2147483648", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "NaN", "Infinity", "-Infinity", "0.5", "1e-400",
        "null", "true", "\"\"", "[]", "{}", "\"NaN\"", "\"-1\"", "\"\\u0000\"", "\\", "\"", ",", ":", "\n", "\r\n", "\t", "#",
        "- ", "&a [1]", "*a", "!!binary AAAA", "<<: {}", "'", "\0", "\u00ff\u00fe", "\ud83d\ude00", "%",
        new string('[', 2000), new string('[', 100) + new string(']', 100), string.Concat(Enumerable.Repeat("{\"a\":", 200)),
        string.Concat(Enumerable.Repeat("- ", 500)), new string('x', 70_000), new string('9', 400), "\"" + new string('a', 300) + "\"",
    ];

    private static readonly byte[] InterestingBytes = [0, 1, 0x7F, 0x80, 0xFF, (byte)'"', (byte)'{', (byte)'[', (byte)',', (byte)'\n', (byte)'-'];

    public byte[] Apply(byte[] input, IReadOnlyList<byte[]> seeds)
    {
        var n = input.Length;
        var at = n == 0 ? 0 : Position % n;
        var span = n == 0 ? 0 : 1 + Length % Math.Min(n - at, 256);
        switch (Kind)
        {
            case MutationKind.FlipBit when n > 0:
                var flipped = (byte[])input.Clone();
                flipped[at] ^= (byte)(1 << (Value & 7));
                return flipped;
            case MutationKind.SetByte when n > 0:
                var set = (byte[])input.Clone();
                set[at] = InterestingBytes[Value % InterestingBytes.Length];
                return set;
            case MutationKind.Truncate:
                return input[..at];
            case MutationKind.Delete when n > 0:
                return [.. input[..at], .. input[(at + span)..]];
            case MutationKind.Duplicate when n > 0:
                var run = input[at..(at + span)];
                return [.. input[..at], .. Enumerable.Repeat(run, 1 + Value % 16).SelectMany(r => r), .. input[at..]];
            case MutationKind.Splice when seeds.Count > 0:
                var other = seeds[Value % seeds.Count];
                var from = other.Length == 0 ? 0 : Length % other.Length;
                return [.. input[..at], .. other[from..]];
            case MutationKind.InsertToken:
                return [.. input[..at], .. Encoding.UTF8.GetBytes(Tokens[Value % Tokens.Length]), .. input[at..]];
            case MutationKind.ReplaceNumber:
                return Replace(input, NumberPattern(), Position);
            case MutationKind.ReplaceString:
                return Replace(input, QuotedPattern(), Position);
            default:
                return input;
        }
    }

    private byte[] Replace(byte[] input, Regex pattern, int which)
    {
        var text = Encoding.UTF8.GetString(input);
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return input;
        var match = matches[which % matches.Count];
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, match.Index), Tokens[Value % Tokens.Length], text.AsSpan(match.Index + match.Length)));
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("\"[^\"\\\\]{0,80}\"")]
    private static partial Regex QuotedPattern();

    public override string ToString() => $"{Kind}(at {Position}, length {Length}, value {Value})";
}
