namespace Lepton.Serving.Batching;

/// <summary>What happened to a request offered to a model's queue.</summary>
internal enum EnqueueOutcome
{
    Accepted,
    Full,
    Closed,
}
