using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Policies;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;
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

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RotationWindow Window = TestOptions.Window(cacheSeconds: 60, safetyMarginSeconds: 60);

    private static Tenant WithChanges(long? published, params (long Version, int AtSeconds)[] changes) => Tenant.Create("example.com", new StsPolicy(PolicyMode.Testing, ["mx.example.com"], 86400), T0) with
    {
        PolicyVersion = changes.Length == 0 ? 1 : changes[^1].Version,
        PolicyChangedAt = changes.Length == 0 ? T0 : T0.AddSeconds(changes[^1].AtSeconds),
        PublishedVersion = published,
        Changes = [.. changes.Select(c => new PolicyChange(c.Version, T0.AddSeconds(c.AtSeconds), 86400))],
    };

    [Fact]
    public void The_earliest_publication_is_the_first_unpublished_change_plus_the_window()
    {
        Assert.Equal(T0.AddSeconds(100 + 120), Window.EarliestPublication(WithChanges(1, (1, 0), (2, 100), (3, 200))));
        Assert.Equal(T0.AddSeconds(200 + 120), Window.EarliestPublication(WithChanges(2, (1, 0), (2, 100), (3, 200))));
        Assert.Equal(T0.AddSeconds(0 + 120), Window.EarliestPublication(WithChanges(null, (1, 0), (2, 100))));
        Assert.Equal(T0.AddSeconds(120), Window.EarliestPublication(WithChanges(null)));
        Assert.Throws<ArgumentNullException>(() => Window.EarliestPublication(null!));
    }

    [Fact]
    public void The_publishable_version_is_the_newest_unpublished_one_whose_window_passed()
    {
        var tenant = WithChanges(2, (2, 0), (3, 100), (4, 200));

        Assert.Null(Window.PublishableVersion(tenant, T0.AddSeconds(219))); // 2 is published, 3's window ends at 220
        Assert.Equal(3, Window.PublishableVersion(tenant, T0.AddSeconds(220)));
        Assert.Equal(3, Window.PublishableVersion(tenant, T0.AddSeconds(319)));
        Assert.Equal(4, Window.PublishableVersion(tenant, T0.AddSeconds(320)));
        Assert.Null(Window.PublishableVersion(WithChanges(4, (4, 0)), T0.AddDays(1)));
        Assert.Equal(1, Window.PublishableVersion(WithChanges(null, (1, 0)), T0.AddSeconds(120)));
        Assert.Throws<ArgumentNullException>(() => Window.PublishableVersion(null!, T0));
    }

    [Fact]
    public void A_row_without_a_change_list_waits_from_its_last_change()
    {
        var legacy = WithChanges(null) with { PolicyVersion = 3, PublishedVersion = 2, PolicyChangedAt = T0.AddSeconds(50) };

        Assert.Null(Window.PublishableVersion(legacy, T0.AddSeconds(169)));
        Assert.Equal(3, Window.PublishableVersion(legacy, T0.AddSeconds(170)));
        Assert.Null(Window.PublishableVersion(legacy with { PublishedVersion = 3 }, T0.AddDays(1)));
        Assert.Equal(3, Window.PublishableVersion(legacy with { PublishedVersion = null }, T0.AddSeconds(170)));
    }
}
