using MtaSts.Functions.Admin;

namespace MtaSts.Functions.Tests;

/// <summary>
/// Review of #14: the dashboard's add form replaced an existing tenant (a plain PUT creates or replaces), and a stale
/// edit form could undo a newer change. <c>If-None-Match: *</c> only creates; <c>If-Match: "v{policyVersion}"</c> only
/// changes the version the caller saw.
/// </summary>
public sealed class PutConditionTests
{
    private const string Testing = """{"mode":"testing","mx":["mail.example.com"],"maxAge":86400}""";
    private const string Enforce = """{"mode":"enforce","mx":["mail.example.com"],"maxAge":86400}""";
    private readonly FunctionHarness harness = new();

    private async Task<FunctionHarness.Response> PutAsync(string body, string? ifNoneMatch = null, string? ifMatch = null)
    {
        var request = FunctionHarness.Request("PUT", body);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch = ifNoneMatch;
        }

        if (ifMatch is not null)
        {
            request.Headers.IfMatch = ifMatch;
        }

        return await FunctionHarness.ExecuteAsync(await new PutTenant(harness.Admin).Run(request, "example.com", default), request);
    }

    [Fact]
    public async Task A_create_only_put_never_replaces_a_tenant()
    {
        Assert.Equal(201, (await PutAsync(Enforce, ifNoneMatch: "*")).Status);

        var again = await PutAsync(Testing, ifNoneMatch: "*");

        Assert.Equal(412, again.Status);
        Assert.Contains("exists already", again.Json.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(MtaSts.Core.Policies.PolicyMode.Enforce, (await harness.Store.GetAsync("example.com", default))!.Policy.Mode);
    }

    [Fact]
    public async Task A_change_applies_only_over_the_version_it_was_made_on()
    {
        var version = (await PutAsync(Testing)).Json.GetProperty("policyVersion").GetInt64();

        Assert.Equal(200, (await PutAsync(Enforce, ifMatch: $"\"v{version}\"")).Status);
        var stale = await PutAsync(Testing, ifMatch: $"\"v{version}\"");

        Assert.Equal(412, stale.Status);
        Assert.Contains("changed since it was read", stale.Json.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(MtaSts.Core.Policies.PolicyMode.Enforce, (await harness.Store.GetAsync("example.com", default))!.Policy.Mode);
    }

    [Fact]
    public async Task A_revision_names_one_onboarding_of_the_tenant()
    {
        var revision = (await PutAsync(Testing)).Json.GetProperty("revision").GetString();
        var tenant = (await harness.Store.GetAsync("example.com", default))!;
        await harness.Store.DeleteAsync(tenant, default);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(201, (await PutAsync(Testing)).Status); // added again: version 1 again, another creation

        var stale = await PutAsync(Enforce, ifMatch: revision);

        Assert.Equal(412, stale.Status);
        Assert.Equal(MtaSts.Core.Policies.PolicyMode.Testing, (await harness.Store.GetAsync("example.com", default))!.Policy.Mode);
        var current = (await PutAsync(Testing)).Json.GetProperty("revision").GetString();
        Assert.Equal(200, (await PutAsync(Enforce, ifMatch: current)).Status);
    }

    [Theory]
    [InlineData("\"abc\"", null)]
    [InlineData(null, "\"v1\"")]
    [InlineData(null, "v1")]
    [InlineData(null, "\"v-1\"")]
    [InlineData(null, "\"v99999999999999999999\"")]
    [InlineData(null, "\"v1.2.3\"")]
    [InlineData(null, "\"v1.x\"")]
    public async Task Other_preconditions_are_refused_before_anything_is_read(string? ifNoneMatch, string? ifMatch)
    {
        var response = await PutAsync(Testing, ifNoneMatch: ifNoneMatch ?? (ifMatch == "\"v1\"" ? "*" : null), ifMatch: ifMatch);

        Assert.Equal(400, response.Status);
        Assert.Null(await harness.Store.GetAsync("example.com", default));
    }
}
