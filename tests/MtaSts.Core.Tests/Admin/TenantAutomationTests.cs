using System.Text;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Admin;

/// <summary>The automation settings of the admin PUT (autoPromote, mxSync, alertWebhooks) and the service's own change path.</summary>
public sealed class TenantAutomationTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore store = new();

    private TenantAdmin Admin() => TestServices.Admin(store, time);

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public async Task Settings_are_stored_and_a_put_that_leaves_them_out_keeps_them()
    {
        var admin = Admin();
        var created = await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["mail.example.com"],"autoPromote":true,"mxSync":"auto","alertWebhooks":["https://hooks.slack.com/services/T/B/secret"]}"""), default);

        Assert.Equal(AdminOutcome.Created, created.Outcome);
        Assert.Equal((true, "auto"), (created.Tenant!.AutoPromote, created.Tenant.MxSync));
        Assert.Equal(["https://hooks.slack.com/…"], created.Tenant.AlertWebhooks!);

        var again = await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["mail.example.com"]}"""), default);
        Assert.Equal(AdminOutcome.Unchanged, again.Outcome);
        var stored = await store.GetAsync("example.com", default);
        Assert.Equal(new TenantAutomation(true, true, ["https://hooks.slack.com/services/T/B/secret"]), stored!.Automation);
    }

    [Fact]
    public async Task Changing_only_a_setting_makes_no_new_policy_version()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["mail.example.com"]}"""), default);
        var before = await store.GetAsync("example.com", default);

        var result = await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["mail.example.com"],"autoPromote":true}"""), default);

        var after = await store.GetAsync("example.com", default);
        Assert.Equal(AdminOutcome.Updated, result.Outcome);
        Assert.True(after!.Automation.AutoPromote);
        Assert.Equal((before!.PolicyVersion, before.PolicyChangedAt), (after.PolicyVersion, after.PolicyChangedAt));
    }

    [Theory]
    [InlineData("""{"mode":"testing","mx":["mail.example.com"],"autoPromote":"yes"}""", "autoPromote must be true or false")]
    [InlineData("""{"mode":"testing","mx":["mail.example.com"],"mxSync":"on"}""", "mxSync must be \"auto\" or \"off\"")]
    [InlineData("""{"mode":"testing","mx":["mail.example.com"],"alertWebhooks":["http://hooks.example/x"]}""", "alertWebhooks[0] must use https")]
    [InlineData("""{"mode":"testing","mx":["mail.example.com"],"alertWebhooks":["https://a.example/1","https://a.example/2","https://a.example/3","https://a.example/4","https://a.example/5"]}""", "alertWebhooks may hold at most 4 URLs")]
    public async Task Invalid_settings_are_refused_with_the_reason(string body, string error)
    {
        var result = await Admin().PutAsync("example.com", Json(body), default);

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors, e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_by_the_service_goes_through_the_change_path_and_records_who_made_it()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["mail.example.com"]}"""), default);
        time.Advance(TimeSpan.FromDays(15));

        var result = await admin.ChangePolicyAsync("example.com", t => t.Policy with { Mode = PolicyMode.Enforce }, PolicyChangers.AutoPromote, default);

        var tenant = await store.GetAsync("example.com", default);
        Assert.Equal(AdminOutcome.Updated, result.Outcome);
        Assert.Equal((PolicyMode.Enforce, PolicyChangers.AutoPromote, 2L, true), (tenant!.Policy.Mode, tenant.PolicyChangedBy, tenant.PolicyVersion, tenant.RotationPending));
        Assert.Equal(time.GetUtcNow(), tenant.ModeChangedAt);
        Assert.Equal(AdminOutcome.Unchanged, (await admin.ChangePolicyAsync("example.com", _ => null, PolicyChangers.AutoPromote, default)).Outcome);
    }

    [Fact]
    public async Task A_tenant_that_is_offboarding_is_never_changed_by_the_service()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["mail.example.com"]}"""), default);
        var tenant = await store.GetAsync("example.com", default);
        await store.UpdateAsync(tenant! with { State = TenantState.Offboarding, PublishedId = "1", PublishedVersion = 1 }, default);

        var result = await admin.ChangePolicyAsync("example.com", t => t.Policy with { Mode = PolicyMode.Enforce }, PolicyChangers.AutoPromote, default);

        Assert.Equal(AdminOutcome.Unchanged, result.Outcome);
        Assert.Equal(PolicyMode.Testing, (await store.GetAsync("example.com", default))!.Policy.Mode);
    }
}
