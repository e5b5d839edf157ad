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

        // The library's range (a timer cannot wait longer; under a millisecond no kernel answers),
        // so that a value it would refuse fails the options check, not the service's start.
        if (options.AcknowledgementTimeout < TimeSpan.FromMilliseconds(1) || options.AcknowledgementTimeout > TimeSpan.FromMilliseconds(uint.MaxValue - 1.0))
        {
            failures.Add($"AcknowledgementTimeout must be from 1 ms to 49.7 days, not {options.AcknowledgementTimeout}.");
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
