namespace Lepton.Testing;

/// <summary>A fact that opens pages in Debian's chromium (<see cref="Executable"/>); skipped, saying how to get it, without.</summary>
public sealed class FactIfChromiumAttribute : FactAttribute
{
    /// <summary>The browser the tests launch through Playwright, which cannot download its own here.</summary>
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Skips the fact when chromium is not installed.</summary>
    public FactIfChromiumAttribute()
    {
        if (!File.Exists(Executable)) Skip = $"{Executable} is missing: the browser tests open pages in Debian's chromium. Run `sudo apt-get install chromium` (test.sh does).";
    }
}
