namespace ErpConnector.Domain.Tests;

/// <summary>The meter behind the "allocates nothing" specs must not hide work that does allocate.</summary>
public class ThreadAllocationsTests
{
    [Fact]
    public void Work_that_allocates_on_every_pass_is_counted()
    {
        object? kept = null;
        var allocated = ThreadAllocations.Least(() => kept = new byte[1_000]);
        Assert.NotNull(kept);
        Assert.True(allocated >= 1_000, $"{allocated} bytes");
    }

    [Fact]
    public void Work_that_allocates_only_on_its_first_pass_counts_as_nothing()
    {
        var passes = 0;
        var allocated = ThreadAllocations.Least(() => { if (passes++ == 0) GC.KeepAlive(new byte[1_000]); });
        Assert.Equal(5, passes);
        Assert.Equal(0, allocated);
    }
}
