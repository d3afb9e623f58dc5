namespace Lepton.Cli.Commands;

/// <summary>What kind of file <c>lepton runs compare --plot</c> writes, from its extension.</summary>
internal enum ChartFormat
{
    Png,
    Html,
}
