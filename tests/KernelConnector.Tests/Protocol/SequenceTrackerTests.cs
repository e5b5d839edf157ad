using KernelConnector.Protocol;
using Xunit;

namespace KernelConnector.Tests.Protocol;

public sealed class SequenceTrackerTests
{
    private static readonly CbId Id = new(40, 1);

    [Fact]
    public void Counts_the_messages_missing_between_two_sequence_numbers()
    {
        var tracker = new SequenceTracker();
        Assert.Equal(0u, tracker.Observe(7, Id, 0, 10));
        Assert.Equal(0u, tracker.Observe(7, Id, 0, 11));
        Assert.Equal(3u, tracker.Observe(7, Id, 0, 15));
        Assert.Equal(0u, tracker.Observe(7, Id, 0, 16));
    }

    [Fact]
    public void Keeps_a_counter_per_sender_id_and_key()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(1, Id, 0, 5);
        tracker.Observe(2, Id, 0, 100);
        tracker.Observe(1, Id, 1, 50);
        tracker.Observe(1, new CbId(40, 2), 0, 7);
        Assert.Equal(0u, tracker.Observe(1, Id, 0, 6));
        Assert.Equal(1u, tracker.Observe(2, Id, 0, 102));
        Assert.Equal(0u, tracker.Observe(1, Id, 1, 51));
        Assert.Equal(2u, tracker.Observe(1, new CbId(40, 2), 0, 10));
        Assert.Equal(4, tracker.Count);
    }

    [Fact]
    public void Counts_across_the_wrap_of_the_32_bit_counter()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(1, Id, 0, uint.MaxValue - 1);
        Assert.Equal(1u, tracker.Observe(1, Id, 0, 0));
    }

    [Fact]
    public void Takes_a_restart_or_a_step_back_for_a_new_start_not_a_loss()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(1, Id, 0, 1000);
        Assert.Equal(0u, tracker.Observe(1, Id, 0, 0));
        Assert.Equal(0u, tracker.Observe(1, Id, 0, 1));
    }

    [Fact]
    public void Forgets_every_counter_rather_than_grow_past_its_bound()
    {
        var tracker = new SequenceTracker();
        for (uint sender = 1; sender <= SequenceTracker.MaxCounters; sender++)
        {
            tracker.Observe(sender, Id, 0, 1);
        }

        Assert.Equal(SequenceTracker.MaxCounters, tracker.Count);

        // One more sender: the table starts again with only the newest counter...
        Assert.Equal(0u, tracker.Observe(SequenceTracker.MaxCounters + 1, Id, 0, 9));
        Assert.Equal(1, tracker.Count);

        // ...which goes on counting, while a forgotten one restarts without a false loss.
        Assert.Equal(1u, tracker.Observe(SequenceTracker.MaxCounters + 1, Id, 0, 11));
        Assert.Equal(0u, tracker.Observe(1, Id, 0, 5));
    }
}
