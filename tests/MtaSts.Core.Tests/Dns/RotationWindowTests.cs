using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Serving;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Dns;

public sealed class RotationWindowTests
{
    [Fact]
    public void An_edge_cache_lengthens_the_window_by_its_max_age_and_not_the_stale_limit()
    {
        var plain = TestOptions.Window(cacheSeconds: 60, safetyMarginSeconds: 60);
        var edged = new RotationWindow(Options.Create(new PolicyOptions { CacheSeconds = 60, EdgeCacheSeconds = 300 }), TestOptions.Rotation(60));

        Assert.Equal(TimeSpan.FromSeconds(120), plain.Length);
        Assert.Equal(TimeSpan.FromSeconds(420), edged.Length);
        Assert.Equal(plain.StaleLimit, edged.StaleLimit);
    }

    [Theory]
    [InlineData(0, "no-store", true)]
    [InlineData(300, "public, max-age=300", true)]
    [InlineData(3600, "public, max-age=3600", true)]
    [InlineData(-1, "no-store", false)]
    [InlineData(3601, "public, max-age=3601", false)]
    public void Edge_cache_seconds_are_bounded_and_become_the_policy_cache_control(int seconds, string cacheControl, bool valid)
    {
        var options = new PolicyOptions { EdgeCacheSeconds = seconds };

        Assert.Equal(cacheControl, options.PolicyCacheControl);
        Assert.Equal(valid, !options.Validate().Any());
    }
}
