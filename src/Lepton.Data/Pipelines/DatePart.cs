namespace Lepton.Data.Pipelines;

/// <summary>A part of a date that becomes its own numeric column.</summary>
public enum DatePart
{
    /// <summary>The year, e.g. 2024.</summary>
    Year,

    /// <summary>The month, 1–12.</summary>
    Month,

    /// <summary>The day of the month, 1–31.</summary>
    Day,

    /// <summary>The day of the week, 0 (Sunday) – 6 (Saturday).</summary>
    DayOfWeek,

    /// <summary>The day of the year, 1–366.</summary>
    DayOfYear,

    /// <summary>The hour, 0–23.</summary>
    Hour,
}
