using System;
using System.Collections.Generic;
using KernelConnector.ProcessEvents;
using Microsoft.Extensions.Options;

namespace KernelConnector.Hosting;

/// <summary>Refuses options that cannot work, with the reason, when the host starts (not at the first event).</summary>
internal sealed class ProcessEventsOptionsValidator : IValidateOptions<ProcessEventsOptions>
{
    public ValidateOptionsResult Validate(string? name, ProcessEventsOptions options)
    {
        var failures = new List<string>();
        if (options.ReceiveBufferSize is < 4096 or > 1 << 30)
        {
            failures.Add($"ReceiveBufferSize must be 4096 bytes to 1 GiB, not {options.ReceiveBufferSize}.");
        }

        if (options.RetainExited < 0)
        {
            failures.Add($"RetainExited cannot be negative ({options.RetainExited}).");
        }

        if (options.LossWindow <= System.TimeSpan.Zero)
        {
            failures.Add($"LossWindow must be positive, not {options.LossWindow}.");
        }

        if (options.AcknowledgementTimeout <= System.TimeSpan.Zero)
        {
            failures.Add($"AcknowledgementTimeout must be positive, not {options.AcknowledgementTimeout}.");
        }

        if (options.PriorityBoost is < 0 or > ProcessEventSourceOptions.MaxPriorityBoost)
        {
            failures.Add($"PriorityBoost must be 0 to {ProcessEventSourceOptions.MaxPriorityBoost} nice levels, not {options.PriorityBoost}.");
        }

        if (options.BatchDelay < TimeSpan.Zero || options.BatchDelay > ProcessEventSourceOptions.MaxBatchDelay)
        {
            failures.Add($"BatchDelay must be 0 to 1 second, not {options.BatchDelay}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
