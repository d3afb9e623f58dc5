namespace Lepton.Api.Tests;

public sealed class LineDiffTests
{
    [Fact]
    public void Diff_shows_removed_and_added_lines_with_context()
    {
        var before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        var after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";

        var diff = LineDiff.Unified(before, after, context: 1);

        Assert.Equal(
            "@@ -3,3 +3,3 @@\n c\n-d\n+D\n e\n" +
            "@@ -8,1 +8,2 @@\n h\n+i\n",
            diff);
    }

    [Fact]
    public void Diff_of_equal_texts_is_empty()
    {
        Assert.Equal("", LineDiff.Unified("a\nb\n", "a\nb\n", context: 3));
    }

    [Fact]
    public void Diff_against_an_empty_text_adds_every_line()
    {
        Assert.Equal("@@ -1,0 +1,2 @@\n+a\n+b\n", LineDiff.Unified("", "a\nb\n", context: 3));
    }
}
