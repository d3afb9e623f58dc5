using Microsoft.Extensions.Options;

namespace Lepton.Serving;

/// <summary>Checks <see cref="ServingOptions"/> when the host starts, so a bad setting stops it with a message naming the setting.</summary>
internal sealed class ServingOptionsValidation : IValidateOptions<ServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingOptions options) =>
        options.Problems() is { } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
