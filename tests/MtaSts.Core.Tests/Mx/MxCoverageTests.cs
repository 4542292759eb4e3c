using MtaSts.Core.Mx;

namespace MtaSts.Core.Tests.Mx;

/// <summary>RFC 8461 §4.1 coverage of a live MX set, and the list mxSync: auto makes of it.</summary>
public sealed class MxCoverageTests
{
    [Fact]
    public void Uncovered_hosts_and_unused_patterns_are_found()
    {
        string[] patterns = ["mx1.example.com", "*.mail.example.com", "old.example.com"];
        string[] hosts = ["mx1.example.com", "a.mail.example.com", "b.c.mail.example.com", "mx2.example.com"];

        Assert.Equal(["b.c.mail.example.com", "mx2.example.com"], MxCoverage.Uncovered(patterns, hosts));
        Assert.Equal(["old.example.com"], MxCoverage.Unused(patterns, hosts));
    }

    [Fact]
    public void Sync_keeps_every_pattern_and_adds_each_uncovered_host_by_name()
    {
        Assert.Equal(
            ["old.example.com", "*.mail.example.com", "mx2.example.com"],
            MxCoverage.Synced(["old.example.com", "*.mail.example.com"], ["a.mail.example.com", "mx2.example.com"]));
        Assert.Null(MxCoverage.Synced(["mx1.example.com"], ["mx1.example.com"]));
        Assert.Null(MxCoverage.Synced(["mx1.example.com"], []));
    }

    [Fact]
    public void A_synced_list_covers_every_live_host_and_keeps_every_pattern()
    {
        var random = new Random(20261201);
        for (var run = 0; run < 500; run++)
        {
            var names = new[] { "mx1.example.com", "mx2.example.com", "a.mail.example.com", "b.mail.example.com", "x.y.mail.example.com", "mail.example.com" };
            var patterns = names.Concat(["*.mail.example.com", "*.example.com"]).Where(_ => random.Next(2) == 0).ToArray();
            var hosts = names.Where(_ => random.Next(2) == 0).ToArray();
            var synced = MxCoverage.Synced(patterns, hosts) ?? patterns;

            Assert.Empty(MxCoverage.Uncovered(synced, hosts));
            Assert.Equal(patterns, synced.Take(patterns.Length));
            Assert.All(synced.Skip(patterns.Length), added => Assert.Contains(added, hosts));
        }
    }
}
