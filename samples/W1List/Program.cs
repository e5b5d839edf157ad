using System;
using System.CommandLine;
using KernelConnector;
using KernelConnector.Samples;
using KernelConnector.Testing;
using KernelConnector.Transport;
using KernelConnector.W1;
using W1List;
using static KernelConnector.Samples.RefusalText;

// Lists the 1-Wire bus masters and their slaves through the kernel's w1 connector, or through
// the library's emulated bus (--emulated), which needs neither hardware nor the w1 module.
var emulated = new Option<bool>("--emulated") { Description = "List the built-in emulated bus instead of the kernel's." };
var search = new Option<bool>("--search") { Description = "Search each bus for slaves (found slaves join the kernel's list) instead of listing the ones the kernel knows." };
var timeout = TimeoutOption.Create("Seconds to wait for each answer.", 5.0);

var root = new RootCommand(
    "Lists 1-Wire bus masters and their slaves through the kernel's w1 connector.\n" +
    "Exit codes: 0 listed; 1 the w1 connector refused a request; 2 bad command line; 3 no 1-Wire bus here; 4 not permitted; 5 no answer in time; 6 unexpected failure.")
{
    emulated, search, timeout,
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One line, one exit code (System.CommandLine would print its help too).
    Console.Error.WriteLine($"w1list: {OneLine(ParsedValue.Readable(parsed.Errors[0].Message))} (see --help)");
    return ExitCodes.Usage;
}

root.SetAction(async (parse, cancellationToken) =>
{
    var wait = TimeoutOption.ToTimeSpan(parse.GetValue(timeout));
    if (parse.GetValue(emulated))
    {
        using var connector = new InMemoryConnector();
        using var bus = EmulatedBus.Create(connector);
        await using var endpoint = connector.Open();
        return await Lister.ListAsync(endpoint, parse.GetValue(search), wait, Console.Out, Console.Error, cancellationToken);
    }

    // Nothing in the kernel answers w1 requests unless the w1 driver registered its connector:
    // say so rather than wait for a time-out.
    var table = ConnectorTable.Read();
    if (table is null || !table.HasW1)
    {
        Console.Error.WriteLine(table is null
            ? $"w1list: no 1-Wire bus here: this system has no kernel connector ({ConnectorTable.DefaultPath} is missing); try --emulated."
            : $"w1list: no 1-Wire bus here: the kernel has no w1 connector ({ConnectorTable.DefaultPath} lists no 3:1; load the wire module of a kernel built with CONFIG_W1_CON); try --emulated.");
        return ExitCodes.NoBus;
    }

    await using var socket = ConnectorSocket.Open();
    return await Lister.ListAsync(socket, parse.GetValue(search), wait, Console.Out, Console.Error, cancellationToken);
});

try
{
    // Exceptions come here instead of to System.CommandLine's handler, which prints a stack trace.
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (ConnectorUnavailableException e)
{
    Console.Error.WriteLine($"w1list: {OneLine(e.Message)}");
    return e.Reason == ConnectorUnavailableReason.PermissionDenied ? ExitCodes.PermissionDenied : ExitCodes.NoBus;
}
catch (W1Exception e)
{
    Console.Error.WriteLine($"w1list: {OneLine(e.Message)}");
    return ExitCodes.Refused;
}
catch (TimeoutException e)
{
    Console.Error.WriteLine($"w1list: {OneLine(e.Message)}");
    return ExitCodes.NoAnswer;
}
catch (OperationCanceledException)
{
    return ExitCodes.Success;
}
catch (Exception e)
{
    Console.Error.WriteLine($"w1list: unexpected failure: {e.GetType().Name}: {OneLine(e.Message)}");
    return ExitCodes.Failure;
}

