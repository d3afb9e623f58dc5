using Spectre.Console;

namespace Lepton.Cli;

/// <summary>
/// The console the command line writes to. On a terminal it is Spectre's, as wide as the window; when output goes to
/// a file or a pipe there is no window, Spectre would assume 80 columns and cut wide tables (a profile's headers), so
/// it is given <see cref="RedirectedWidth"/> instead (or <c>COLUMNS</c> when set).
/// </summary>
internal static class CliConsole
{
    /// <summary>The width of redirected output: a profile or run table is as wide as its content, up to this.</summary>
    public const int RedirectedWidth = 320;

    /// <summary>The console for <paramref name="output"/>; <paramref name="redirected"/> says whether it is a file or a pipe rather than a terminal.</summary>
    public static IAnsiConsole Create(TextWriter output, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (redirected) console.Profile.Width = WidthFrom(Environment.GetEnvironmentVariable("COLUMNS"));
        return console;
    }

    /// <summary><c>COLUMNS</c> when it holds a sensible width, else <see cref="RedirectedWidth"/>.</summary>
    internal static int WidthFrom(string? columns) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width is >= 40 and <= 10_000
            ? width
            : RedirectedWidth;
}
