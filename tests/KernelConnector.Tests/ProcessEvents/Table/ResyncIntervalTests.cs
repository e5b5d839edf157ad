using System;
using System.Diagnostics;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// <see cref="ProcessEventSourceOptions.ResyncInterval"/> as the handler applies it: the first loss
/// is rescanned at once, and an interval longer than any run (up to <see cref="TimeSpan.MaxValue"/>)
/// means no rescan after that, without overflowing the conversion to clock ticks.
/// </summary>
public sealed class ResyncIntervalTests : IDisposable
{
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    public static TheoryData<string> Huge => ["max", "just past the clock's range", "200 years"];

    private static TimeSpan Interval(string name) => name switch
    {
        "max" => TimeSpan.MaxValue,
        // One second more than long.MaxValue Stopwatch ticks: the multiplication overflows a long.
        "just past the clock's range" => TimeSpan.FromSeconds((long.MaxValue / Stopwatch.Frequency) + 1),
        // Inside the range, but longer than a head start of long.MinValue / 2 ticks gives the first loss.
        _ => TimeSpan.FromDays(200 * 365),
    };

    [Theory]
    [MemberData(nameof(Huge))]
    public void A_huge_interval_rescans_the_first_loss_at_once_and_no_later_one(string interval)
    {
        var (table, handler) = Handler(Interval(interval));
        handler.OnLoss(ConnectorLossKind.Overrun, 3);
        Assert.Equal(1, table.Statistics.Resynchronizations);

        // A second loss, and events after it: the interval has not passed, and never will.
        handler.OnLoss(ConnectorLossKind.SequenceGap, 2);
        handler.Dispatch(FakeProc.Datagram(FakeProc.Sid(1, 2_000_000_000)));
        handler.Dispatch(FakeProc.Datagram(FakeProc.Sid(1, 3_000_000_000)));
        Assert.Equal(1, table.Statistics.Resynchronizations);
    }

    [Fact]
    public void A_zero_interval_rescans_after_every_loss()
    {
        var (table, handler) = Handler(TimeSpan.Zero);
        handler.OnLoss(ConnectorLossKind.Overrun, 3);
        handler.OnLoss(ConnectorLossKind.SequenceGap, 2);
        Assert.Equal(2, table.Statistics.Resynchronizations);
    }

    [Fact]
    public void Intervals_convert_to_clock_ticks_exactly_and_saturate_past_the_clocks_range()
    {
        var frequency = Stopwatch.Frequency;
        Assert.Equal(0, ProcessEventHandler.StopwatchTicks(TimeSpan.Zero));
        Assert.Equal(frequency, ProcessEventHandler.StopwatchTicks(TimeSpan.FromSeconds(1)));
        Assert.Equal(frequency / 4, ProcessEventHandler.StopwatchTicks(TimeSpan.FromMilliseconds(250)));
        Assert.Equal(frequency / TimeSpan.TicksPerSecond, ProcessEventHandler.StopwatchTicks(TimeSpan.FromTicks(1)));
        var largest = long.MaxValue / frequency - 1;
        Assert.Equal(largest * frequency, ProcessEventHandler.StopwatchTicks(TimeSpan.FromSeconds(largest)));
        Assert.Equal(long.MaxValue, ProcessEventHandler.StopwatchTicks(Interval("just past the clock's range")));
        Assert.Equal(long.MaxValue, ProcessEventHandler.StopwatchTicks(TimeSpan.MaxValue));
    }

    private (ProcessTable Table, ProcessEventHandler Handler) Handler(TimeSpan interval)
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        var table = _proc.NewTable();
        table.Seed();
        return (table, new ProcessEventHandler(null, null, table, interval));
    }
}
