using System.Globalization;

namespace Lepton.Zoo.Forecasting;

/// <summary>
/// Real series that Debian's <c>python3-statsmodels</c> ships as CSV: weekly CO₂ at Mauna Loa, yearly sunspots, monthly
/// euro-area electrical equipment orders and the Nile's yearly flow. Horizons follow the M4 competition (weekly 13,
/// monthly 18, yearly 6).
/// </summary>
internal static class StatsmodelsSeries
{
    public const string DebianFolder = "/usr/lib/python3/dist-packages/statsmodels/datasets";

    /// <summary>The four series; <paramref name="folder"/> holds statsmodels' datasets folders (by default Debian's).</summary>
    public static IReadOnlyList<TimeSeries> Load(string? folder, TextWriter log)
    {
        folder ??= DebianFolder;
        if (!Directory.Exists(Path.Combine(folder, "co2")))
            throw new FileNotFoundException($"The statsmodels datasets are not in {folder}: install Debian's python3-statsmodels (sudo apt-get install python3-statsmodels) or give --data FOLDER.");
        return
        [
            Read(folder, "co2", "CO2 at Mauna Loa (weekly)", 52, 13, log),
            Read(folder, "sunspots", "sunspots (yearly)", 1, 6, log),
            Read(folder, "elec_equip", "electrical equipment orders (monthly)", 12, 18, log),
            Read(folder, "nile", "Nile flow (yearly)", 1, 6, log),
        ];
    }

    /// <summary>Reads the value column (the second) of a two-column CSV; blank values are filled by linear interpolation, and said so.</summary>
    private static TimeSeries Read(string folder, string name, string title, int period, int horizon, TextWriter log)
    {
        var path = Path.Combine(folder, name, name + ".csv");
        var lines = File.ReadAllLines(path);
        var values = new List<double?>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != 2) throw new InvalidDataException($"{path}, line {i + 1}: expected 2 columns, found {cells.Length}.");
            var text = cells[1].Trim().Trim('"');
            if (text.Length == 0)
            {
                values.Add(null);
                continue;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new InvalidDataException($"{path}, line {i + 1}, column 2: '{text}' is not a number.");
            values.Add(value);
        }
        var missing = values.Count(v => v is null);
        if (missing > 0) log.WriteLine($"{name}: {missing} of {values.Count} values missing, filled by linear interpolation.");
        return new TimeSeries(title, Interpolate(values, path), period, horizon);
    }

    private static double[] Interpolate(List<double?> values, string path)
    {
        var filled = new double[values.Count];
        var last = -1;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v) continue;
            if (last < 0 && i > 0) for (var j = 0; j < i; j++) filled[j] = v;
            if (last >= 0)
            {
                for (var j = last + 1; j < i; j++) filled[j] = filled[last] + (v - filled[last]) * (j - last) / (i - last);
            }
            filled[i] = v;
            last = i;
        }
        if (last < 0) throw new InvalidDataException($"{path} has no values.");
        for (var j = last + 1; j < values.Count; j++) filled[j] = filled[last];
        return filled;
    }
}
