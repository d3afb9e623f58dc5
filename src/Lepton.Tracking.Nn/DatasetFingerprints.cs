using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Data;
using TorchSharp;

namespace Lepton.Tracking;

/// <summary>Fingerprints of datasets held as tensors (<see cref="Dataset"/>).</summary>
public static class DatasetFingerprints
{
    extension(DatasetFingerprint)
    {
        /// <summary>
        /// The fingerprint of a dataset's content: every input and target value, batch by batch (for data read
        /// lazily this reads it all once), with its shapes and class names as the schema.
        /// </summary>
        public static DatasetFingerprint FromDataset(Dataset dataset, string name)
        {
            ArgumentNullException.ThrowIfNull(dataset);
            var schema = new JsonObject
            {
                ["inputs"] = new JsonArray(dataset.InputShapes.Select(s => (JsonNode?)JsonValue.Create(s.ToString())).ToArray()),
                ["target"] = dataset.TargetShape?.ToString(),
                ["classes"] = dataset.ClassNames is { } classes ? new JsonArray(classes.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()) : null,
            }.ToJsonString();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(schema));
            const int batch = 4096;
            var indices = new int[batch];
            for (var start = 0; start < dataset.Count; start += batch)
            {
                var count = Math.Min(batch, dataset.Count - start);
                for (var i = 0; i < count; i++) indices[i] = start + i;
                using var scope = torch.NewDisposeScope();
                using var data = dataset.GetBatch(indices.AsSpan(0, count));
                foreach (var input in data.Inputs) hash.AppendData(input.cpu().contiguous().bytes);
                if (data.Target is { } target) hash.AppendData(target.cpu().contiguous().bytes);
            }

            return new DatasetFingerprint(name, Convert.ToHexStringLower(hash.GetHashAndReset()), dataset.Count, schema);
        }
    }
}
