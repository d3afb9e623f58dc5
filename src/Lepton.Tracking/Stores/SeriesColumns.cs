namespace Lepton.Tracking.Stores;

/// <summary>
/// A metric's points as columns (step, time, value, epoch), grown as they are read: the series read builds points only
/// for the rows thinning keeps.
/// </summary>
internal sealed class SeriesColumns
{
    private long[] _steps = new long[1024];
    private long[] _times = new long[1024];
    private int?[] _epochs = new int?[1024];
    private bool _tiesOutOfOrder;

    public double[] Values { get; private set; } = new double[1024];

    public int Count { get; private set; }

    public void Add(long step, long time, double value, int? epoch)
    {
        if (Count == _steps.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _steps, size);
            Array.Resize(ref _times, size);
            Array.Resize(ref _epochs, size);
            var values = Values;
            Array.Resize(ref values, size);
            Values = values;
        }

        if (Count > 0 && step == _steps[Count - 1] && time < _times[Count - 1]) _tiesOutOfOrder = true;
        _steps[Count] = step;
        _times[Count] = time;
        _epochs[Count] = epoch;
        Values[Count] = value;
        Count++;
    }

    /// <summary>Puts points of the same step in time order (stable); points arrive in step order.</summary>
    public void OrderTiesByTime()
    {
        if (!_tiesOutOfOrder) return;
        for (var i = 1; i < Count; i++)
        {
            var (step, time, epoch, value) = (_steps[i], _times[i], _epochs[i], Values[i]);
            var j = i - 1;
            for (; j >= 0 && _steps[j] == step && _times[j] > time; j--)
            {
                (_steps[j + 1], _times[j + 1], _epochs[j + 1], Values[j + 1]) = (_steps[j], _times[j], _epochs[j], Values[j]);
            }

            (_steps[j + 1], _times[j + 1], _epochs[j + 1], Values[j + 1]) = (step, time, epoch, value);
        }
    }

    public MetricPoint Point(string key, int i) => new(key, Values[i], _steps[i], _epochs[i], SqlTime.From(_times[i]));
}
