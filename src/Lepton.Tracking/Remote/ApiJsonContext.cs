using System.Text.Json.Serialization;
using Lepton.Tracking.Artifacts;
using Lepton.Tracking.Datasets;

namespace Lepton.Tracking.Remote;

/// <summary>The source-generated contract behind <see cref="ApiJson"/>: every body the HTTP API takes or gives.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(RunStatusConverter)],
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(ExperimentRequest))]
[JsonSerializable(typeof(Experiment))]
[JsonSerializable(typeof(IReadOnlyList<Experiment>))]
[JsonSerializable(typeof(RunStartRequest))]
[JsonSerializable(typeof(RunInfo))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(IReadOnlyList<Run>))]
[JsonSerializable(typeof(RunBatch))]
[JsonSerializable(typeof(RunQuery))]
[JsonSerializable(typeof(EndRunRequest))]
[JsonSerializable(typeof(MetricHistoryPage))]
[JsonSerializable(typeof(RunCount))]
[JsonSerializable(typeof(RunColumns))]
[JsonSerializable(typeof(ArtifactEntry))]
[JsonSerializable(typeof(RunDataset))]
[JsonSerializable(typeof(DatasetProfile))]
[JsonSerializable(typeof(DatasetDetails))]
[JsonSerializable(typeof(IReadOnlyList<RecordedDataset>))]
[JsonSerializable(typeof(FailAbandonedRequest))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ArtifactBlob))]
[JsonSerializable(typeof(CreateModelRequest))]
[JsonSerializable(typeof(UpdateModelRequest))]
[JsonSerializable(typeof(RegisteredModel))]
[JsonSerializable(typeof(IReadOnlyList<RegisteredModel>))]
[JsonSerializable(typeof(CreateVersionRequest))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(IReadOnlyList<ModelVersion>))]
[JsonSerializable(typeof(SetAliasRequest))]
[JsonSerializable(typeof(DeploymentRequest))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(ModelLineage))]
[JsonSerializable(typeof(IReadOnlyList<AliasChange>))]
[JsonSerializable(typeof(IReadOnlyList<Deployment>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
