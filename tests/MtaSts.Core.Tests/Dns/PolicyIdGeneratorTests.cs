using MtaSts.Core.Dns;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Dns;

public sealed class PolicyIdGeneratorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Is_the_UTC_time_when_that_is_greater()
    {
        Assert.Equal("20261129120000", PolicyIdGenerator.Next(Noon, null));
        Assert.Equal("20261129120000", PolicyIdGenerator.Next(Noon.ToOffset(TimeSpan.FromHours(5)), "20261129115959"));
        Assert.Equal("20261129120000", PolicyIdGenerator.Next(Noon, "someoneelses"));
    }

    [Fact]
    public void Adds_a_counter_within_one_second_or_when_the_clock_steps_back()
    {
        var ids = new List<string>();
        string? last = null;
        for (var i = 0; i < 12; i++)
        {
            last = PolicyIdGenerator.Next(Noon, last);
            ids.Add(last);
        }

        last = PolicyIdGenerator.Next(Noon.AddHours(-1), last);
        ids.Add(last);
        ids.Add(PolicyIdGenerator.Next(Noon.AddSeconds(1), last));

        Assert.Equal("20261129120000", ids[0]);
        Assert.Equal("202611291200001", ids[1]);
        Assert.Equal("2026112912000011", ids[11]);
        Assert.Equal("2026112912000012", ids[12]);
        Assert.Equal("20261129120001", ids[13]);
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(PolicyIdGenerator.Compare(ids[i], ids[i - 1]) > 0, $"{ids[i]} after {ids[i - 1]}");
            Assert.True(PolicyId.IsValid(ids[i]));
        }
    }
}
