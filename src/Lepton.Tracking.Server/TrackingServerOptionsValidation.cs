using Microsoft.Extensions.Options;

namespace Lepton.Tracking.Server;

/// <summary>Checks <see cref="TrackingServerOptions"/> when the host starts, so a bad setting stops it with a message naming the setting.</summary>
internal sealed class TrackingServerOptionsValidation : IValidateOptions<TrackingServerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackingServerOptions options) =>
        options.FirstProblem() is var (option, message)
            ? ValidateOptionsResult.Fail($"Invalid tracking server option {option}: {message}")
            : ValidateOptionsResult.Success;
}
