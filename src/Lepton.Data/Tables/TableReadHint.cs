using System.Globalization;

namespace Lepton.Data.Tables;

/// <summary>
/// The setting that gets past a <see cref="TableReadException"/>: a <see cref="TableReadOptions"/> property and the
/// value to give it, with the advice around it. A command-line tool renders it with its own flag instead.
/// </summary>
/// <param name="Option">The <see cref="TableReadOptions"/> property to set, e.g. <c>BadRows</c>.</param>
/// <param name="Value">The value to set it to, as C# reads it, e.g. <c>BadRowPolicy.Skip</c> or <c>5000000</c>.</param>
/// <param name="Advice">The advice, with <c>{0}</c> where the setting is named, e.g. <c>"Fix them, or {0} to leave them out."</c></param>
public sealed record TableReadHint(string Option, string Value, string Advice)
{
    /// <summary>The advice with <paramref name="setting"/> (how to change the option, in the caller's terms) filled in.</summary>
    public string Render(string setting) => string.Format(CultureInfo.InvariantCulture, Advice, setting);

    /// <summary>The advice for C# callers: <c>set TableReadOptions.Option = Value</c>.</summary>
    public override string ToString() => Render($"set TableReadOptions.{Option} = {Value}");
}
