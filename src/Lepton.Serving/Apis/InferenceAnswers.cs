using System.Diagnostics;
using Lepton.Serving.Batching;
using Lepton.Serving.Hosting;
using Microsoft.AspNetCore.Http;

namespace Lepton.Serving.Apis;

/// <summary>
/// Turns what became of an inference request into what its client sees: the rows when it ran, else the error each
/// outcome gets — 429 with Retry-After for a full queue, 504 for a passed deadline, 503 with Retry-After while
/// shutting down or unloading, 500 when the model failed.
/// </summary>
internal static class InferenceAnswers
{
    /// <summary>The version that answered and its rows; throws the request's <see cref="ServingException"/> for any other outcome.</summary>
    public static (LoadedModel Model, InferenceResult Result) ResultOrThrow(string name, (LoadedModel? Model, InferenceOutcome Outcome) answer)
    {
        var (model, outcome) = answer;
        if (outcome is { Status: InferenceStatus.Completed, Result: { } result } && model is not null) return (model, result);
        throw Error(name, model, outcome);
    }

    private static ServingException Error(string name, LoadedModel? model, InferenceOutcome outcome) => outcome.Status switch
    {
        InferenceStatus.QueueFull => new ServingException(StatusCodes.Status429TooManyRequests,
            $"Model '{name}' version {model?.Version} has {model?.Batcher.Capacity} requests waiting, its limit; retry after a short pause.", outcome.RetryAfter)
        { Version = model?.Version },
        InferenceStatus.TimedOut => new ServingException(StatusCodes.Status504GatewayTimeout, outcome.Waited is { } waited
            ? $"The request's deadline passed after {waited.TotalMilliseconds:0} ms in the queue, so it was not run; retry with a longer timeout or when the server is less busy."
            : "The request's deadline passed while it waited in the queue, so it was not run; retry with a longer timeout or when the server is less busy.")
        { Version = model?.Version },
        InferenceStatus.Faulted => new ServingException(StatusCodes.Status500InternalServerError,
            $"The model failed on this input ({outcome.Error}); the server logs have the details.")
        { Version = model?.Version },
        InferenceStatus.ShuttingDown => new ServingException(StatusCodes.Status503ServiceUnavailable,
            "The server is shutting down; send the request to another replica.", outcome.RetryAfter),
        // A version being unloaded answered nothing, so the error is not counted under it (its metrics would outlive it).
        InferenceStatus.Unloading => new ServingException(StatusCodes.Status503ServiceUnavailable,
            $"Model '{name}' version {model?.Version} is being unloaded; retry.", outcome.RetryAfter),
        _ => throw new UnreachableException($"A completed inference of model '{name}' has no result."),
    };
}
