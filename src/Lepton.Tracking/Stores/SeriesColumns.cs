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
    private bool _inOrder = true;

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

        if (Count > 0 && (step < _steps[Count - 1] || (step == _steps[Count - 1] && time < _times[Count - 1]))) _inOrder = false;
        _steps[Count] = step;
        _times[Count] = time;
        _epochs[Count] = epoch;
        Values[Count] = value;
        Count++;
    }

    /// <summary>
    /// Puts the points in the history's order (step, then time) if they did not arrive in it: the read asks for no
    /// order, since PostgreSQL would sort 100,000 rows (on disk, past its default work_mem) where a scan of an
    /// append-only table mostly yields them in order already.
    /// </summary>
    public void Order()
    {
        if (_inOrder) return;
        var order = new int[Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var steps = _steps;
        var times = _times;
        Array.Sort(order, (a, b) => steps[a] != steps[b] ? steps[a].CompareTo(steps[b]) : times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b));
        _steps = Permute(_steps, order);
        _times = Permute(_times, order);
        _epochs = Permute(_epochs, order);
        Values = Permute(Values, order);
        _inOrder = true;
    }

    private T[] Permute<T>(T[] column, int[] order)
    {
        var sorted = new T[column.Length];
        for (var i = 0; i < Count; i++) sorted[i] = column[order[i]];
        return sorted;
    }

    public MetricPoint Point(string key, int i) => new(key, Values[i], _steps[i], _epochs[i], SqlTime.From(_times[i]));
}
