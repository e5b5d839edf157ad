using System;
using Microsoft.Extensions.Options;

namespace KernelConnector.Hosting;

/// <summary>Refuses endpoint options that cannot work, with the endpoint and the reason, when the host starts.</summary>
internal sealed class ConnectorEndpointHostingOptionsValidator : IValidateOptions<ConnectorEndpointHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorEndpointHostingOptions options) =>
        options.LossWindow <= TimeSpan.Zero
            // The options' name is the endpoint's description (its handler class and key), so the reason says which endpoint.
            ? ValidateOptionsResult.Fail($"LossWindow of the endpoint for {name} must be positive, not {options.LossWindow}.")
            : ValidateOptionsResult.Success;
}
