using MtaSts.Core.Checks;

namespace MtaSts.Core.Tests.Checks;

public sealed class CheckOptionsTests
{
    [Fact]
    public void By_default_only_global_unicast_targets_are_contacted_and_the_status_checks_have_20_s()
    {
        var settings = new CheckOptions();

        Assert.False(new DomainCheckOptions().AllowPrivateTargets);
        Assert.False(settings.ToDomainCheckOptions().AllowPrivateTargets);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.StatusDeadline);
        Assert.Empty(settings.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(121)]
    public void A_status_deadline_out_of_range_stops_start_up_with_a_message_naming_the_setting(int seconds)
    {
        var problem = Assert.Single(new CheckOptions { StatusDeadlineSeconds = seconds }.Validate());

        Assert.StartsWith($"Checks:StatusDeadlineSeconds must be between 1 and 120 (it is {seconds})", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(120)]
    public void A_status_deadline_in_range_is_valid(int seconds)
    {
        Assert.Empty(new CheckOptions { StatusDeadlineSeconds = seconds }.Validate());
    }
}
