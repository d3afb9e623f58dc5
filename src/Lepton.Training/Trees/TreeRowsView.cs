using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lepton.Training.Trees;

/// <summary>
/// <see cref="TreeRows"/> as the <see cref="IDataView"/> ML.NET's LightGBM trainer reads: a <c>Features</c> vector and
/// a <c>Label</c> column. Each cursor copies a chunk of rows out of the dataset at a time into one buffer it reuses, so
/// handing 640,000 rows to LightGBM costs a chunk of memory, not a second copy of the features and a row object per
/// example (as <c>LoadFromEnumerable</c> did).
/// </summary>
/// <typeparam name="TLabel">The label's .NET type: float (regression), bool (binary) or uint (a class as a key, value class + 1).</typeparam>
internal sealed class TreeRowsView<TLabel> : IDataView
{
    private readonly TreeRows rows;
    private readonly Func<float, TLabel> label;

    public TreeRowsView(TreeRows rows, Func<float, TLabel> label, DataViewType labelType)
    {
        this.rows = rows;
        this.label = label;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, rows.FeatureCount));
        builder.AddColumn("Label", labelType);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => rows.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(TreeRowsView<TLabel> view, HashSet<int> active) : DataViewRowCursor
    {
        private readonly float[] chunk = new float[Math.Min(TreeRows.ChunkRows, view.rows.Count) * view.rows.FeatureCount];
        private int chunkStart = -1;
        private long position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (position + 1 >= view.rows.Count) return false;
            position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == 0 && typeof(TValue) == typeof(VBuffer<float>))
            {
                ValueGetter<VBuffer<float>> features = Features;
                return (ValueGetter<TValue>)(Delegate)features;
            }
            if (column.Index == 1 && typeof(TValue) == typeof(TLabel))
            {
                ValueGetter<TLabel> label = (ref TLabel value) => value = view.label(view.rows.Labels[position]);
                return (ValueGetter<TValue>)(Delegate)label;
            }
            throw new InvalidOperationException($"Column {column.Name} of the tree rows is not read as {typeof(TValue).Name}.");
        }

        private void Features(ref VBuffer<float> value)
        {
            var row = (int)position;
            var width = view.rows.FeatureCount;
            if (chunkStart < 0 || row < chunkStart || row >= chunkStart + TreeRows.ChunkRows)
            {
                chunkStart = row / TreeRows.ChunkRows * TreeRows.ChunkRows;
                view.rows.CopyFeatures(chunkStart, Math.Min(TreeRows.ChunkRows, view.rows.Count - chunkStart), chunk);
            }
            var editor = VBufferEditor.Create(ref value, width);
            chunk.AsSpan((row - chunkStart) * width, width).CopyTo(editor.Values);
            value = editor.Commit();
        }
    }
}
