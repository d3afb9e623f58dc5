namespace Lepton.Data.Tables;

/// <summary>What reading does with a row that does not fit the table's schema.</summary>
public enum BadRowPolicy
{
    /// <summary>Stop at the first bad row with an error naming its line and the reason.</summary>
    Fail,

    /// <summary>Leave bad rows out, counting and reporting each one.</summary>
    Skip,

    /// <summary>Keep bad rows, with the values that cannot be read set to null (missing fields too); rows that cannot be kept at all are skipped and reported.</summary>
    KeepAsNull,
}
