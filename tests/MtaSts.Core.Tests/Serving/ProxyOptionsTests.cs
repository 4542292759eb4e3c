using MtaSts.Core.Serving;

namespace MtaSts.Core.Tests.Serving;

public sealed class ProxyOptionsTests
{
    private const string First = "11111111-1111-1111-1111-111111111111";
    private const string Second = "22222222-2222-2222-2222-222222222222";

    [Fact]
    public void Every_shard_profile_listed_is_trusted_and_no_other()
    {
        var options = new ProxyOptions { TrustedFrontDoorId = $" {First} ,{Second.ToUpperInvariant()}" };

        Assert.Empty(options.Validate());
        Assert.True(options.Trusts(First));
        Assert.True(options.Trusts(" " + Second + " "));
        Assert.False(options.Trusts("33333333-3333-3333-3333-333333333333"));
        Assert.False(options.Trusts(First + "," + Second));
        Assert.False(options.Trusts(null));
        Assert.False(new ProxyOptions().Trusts(string.Empty));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData(First + ",x")]
    public void A_value_that_is_not_a_list_of_profile_ids_is_refused(string value) =>
        Assert.NotEmpty(new ProxyOptions { TrustedFrontDoorId = value }.Validate());

    [Fact]
    public void More_profiles_than_an_access_restriction_takes_are_refused() =>
        Assert.Contains(
            new ProxyOptions { TrustedFrontDoorId = string.Join(',', Enumerable.Range(0, ProxyOptions.MaxProfiles + 1).Select(_ => Guid.NewGuid())) }.Validate(),
            p => p.Contains($"at most {ProxyOptions.MaxProfiles}", StringComparison.Ordinal));
}
