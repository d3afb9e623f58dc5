using System.Text.Json;
using Dapper;
using Lepton.Tracking.Datasets;

namespace Lepton.Tracking.Stores;

// The datasets half of lineage: the datasets runs recorded, their profiles, and which runs used each.
public abstract partial class SqlMetadataStore
{
    /// <summary>A profile's JSON may be at most this long (a 1,000-column table's profile is about 1 MB).</summary>
    private const int MaxProfileLength = 16 * 1024 * 1024;

    private const int MaxDatasetUses = 500;

    /// <inheritdoc />
    public async Task RecordDatasetProfileAsync(string hash, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        CheckDatasetHash(hash);
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        var json = JsonSerializer.Serialize(profile, TrackingJson.Default.DatasetProfile);
        if (json.Length > MaxProfileLength)
            throw TrackingException.Invalid($"The profile of dataset {hash} is {json.Length:N0} characters as JSON; the limit is {MaxProfileLength:N0}.");
        await WriteAsync(async (connection, transaction) =>
        {
            var known = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT dataset_id FROM datasets WHERE hash = @hash LIMIT 1", new { hash }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (known is null) throw TrackingException.NotFound($"No run recorded a dataset with hash {hash}; record the dataset with a run first.");
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO dataset_profiles (hash, profile, recorded_at) VALUES (@hash, @json, @now) ON CONFLICT (hash) DO UPDATE SET profile = excluded.profile, recorded_at = excluded.recorded_at",
                new { hash, json, now = SqlTime.Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedDataset>> ListDatasetsAsync(int limit = 1000, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 10_000) throw TrackingException.Invalid($"limit is {limit}; ask for 1 to 10,000 datasets.");
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RecordedDatasetRow>(new CommandDefinition(
            """
            SELECT d.name, d.hash, d.row_count, d.schema_text, count(DISTINCT rd.run_id) AS runs, max(r.start_time) AS last_used,
                   CASE WHEN EXISTS (SELECT 1 FROM dataset_profiles p WHERE p.hash = d.hash) THEN 1 ELSE 0 END AS has_profile
            FROM datasets d
            JOIN run_datasets rd ON rd.dataset_id = d.dataset_id
            JOIN runs r ON r.run_id = rd.run_id
            GROUP BY d.dataset_id, d.name, d.hash, d.row_count, d.schema_text
            ORDER BY last_used DESC, d.dataset_id DESC
            LIMIT @limit
            """, new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToDataset()).ToList();
    }

    /// <inheritdoc />
    public async Task<DatasetDetails> GetDatasetAsync(string hash, CancellationToken cancellationToken = default)
    {
        CheckDatasetHash(hash);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var recorded = (await connection.QueryAsync<DatasetRow>(new CommandDefinition(
            "SELECT name, hash, row_count, schema_text FROM datasets WHERE hash = @hash ORDER BY dataset_id",
            new { hash }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (recorded.Count == 0) throw TrackingException.NotFound($"No run recorded a dataset with hash {hash}.");
        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT profile FROM dataset_profiles WHERE hash = @hash", new { hash }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var uses = await connection.QueryAsync<DatasetUseRow>(new CommandDefinition(
            """
            SELECT r.run_id, r.name AS run_name, e.name AS experiment, rd.context, r.start_time
            FROM datasets d
            JOIN run_datasets rd ON rd.dataset_id = d.dataset_id
            JOIN runs r ON r.run_id = rd.run_id
            JOIN experiments e ON e.experiment_id = r.experiment_id
            WHERE d.hash = @hash
            ORDER BY r.start_time DESC, r.run_id, rd.context
            LIMIT @limit
            """, new { hash, limit = MaxDatasetUses }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var profile = json is null ? null : JsonSerializer.Deserialize(json, TrackingJson.Default.DatasetProfile);
        return new DatasetDetails(hash, recorded.Select(r => r.ToDataset().Dataset).ToList(), profile, uses.Select(u => u.ToUse()).ToList());
    }

    private static void CheckDatasetHash(string? hash)
    {
        if (string.IsNullOrEmpty(hash) || hash.Length > 128) throw TrackingException.Invalid($"'{hash}' is not a dataset hash: a hash is 1 to 128 characters.");
    }
}
