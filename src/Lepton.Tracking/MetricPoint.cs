namespace Lepton.Tracking;

/// <summary>
/// One value of a metric series. NaN and ±∞ are stored and read back as such (a diverged loss is a fact worth
/// keeping).
/// </summary>
/// <param name="Key">The metric's name, e.g. <c>val_loss</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Step">The training step (optimizer updates so far), or any increasing count.</param>
/// <param name="Epoch">The 1-based epoch, when the value is per epoch.</param>
/// <param name="Timestamp">When it was measured.</param>
public sealed record MetricPoint(string Key, double Value, long Step, int? Epoch, DateTimeOffset Timestamp);
