using System.Text;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Admin;

/// <summary>
/// How the admin API writes under contention and slowness: conflicts retried a bounded number of times, a slow write's
/// change stamped again when the write is done (not when a faster one is), and the view's due times only where they apply.
/// Found by mutation testing (dotnet-stryker) of <see cref="TenantAdmin"/>.
/// </summary>
public sealed class TenantAdminWriteTests
{
    private static readonly byte[] Testing = Encoding.UTF8.GetBytes("""{"mode":"testing","mx":["mail.example.com"]}""");
    private static readonly byte[] Enforce = Encoding.UTF8.GetBytes("""{"mode":"enforce","mx":["mail.example.com"]}""");
    private static readonly TimeSpan Window = TestOptions.Window().Length;
    private static readonly TimeSpan WriteAllowance = TestOptions.Window().WriteAllowance;

    private readonly InMemoryTenantStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private TenantAdmin Admin => TestServices.Admin(store, time);

    private async Task PublishedAsync()
    {
        await Admin.PutAsync("example.com", Testing, default);
        var tenant = store.All.Single();
        await store.UpdateAsync(tenant with { PublishedId = "20261201120000", PublishedVersion = tenant.PolicyVersion }, default);
    }

    private void ConflictTimes(int times)
    {
        var left = times;
        store.BeforeUpdate = _ =>
        {
            if (left-- > 0)
            {
                throw new TenantConflictException("changed");
            }
        };
    }

    [Theory]
    [InlineData(2, AdminOutcome.Updated)]
    [InlineData(3, AdminOutcome.Conflict)]
    public async Task A_put_is_tried_three_times_against_concurrent_writers(int conflicts, AdminOutcome outcome)
    {
        await PublishedAsync();
        ConflictTimes(conflicts);

        var result = await Admin.PutAsync("example.com", Enforce, default);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(outcome == AdminOutcome.Updated ? "enforce" : "testing", store.All.Single().Policy.Mode.ToText());
    }

    [Theory]
    [InlineData(2, AdminOutcome.Offboarding)]
    [InlineData(3, AdminOutcome.Conflict)]
    public async Task A_delete_is_tried_three_times_against_concurrent_writers(int conflicts, AdminOutcome outcome)
    {
        await PublishedAsync();
        ConflictTimes(conflicts);

        var result = await Admin.DeleteAsync("example.com", default);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(outcome == AdminOutcome.Offboarding ? TenantState.Offboarding : TenantState.Active, store.All.Single().State);
    }

    [Fact]
    public async Task A_write_that_takes_exactly_the_allowance_keeps_its_stamp_and_a_slower_one_is_stamped_again()
    {
        await PublishedAsync();
        var started = time.GetUtcNow();
        store.BeforeUpdate = _ => { store.BeforeUpdate = null; time.Advance(WriteAllowance); };

        var atLimit = await Admin.PutAsync("example.com", Enforce, default);

        Assert.Equal(started + Window, atLimit.Tenant!.RotationDueAt);
        var second = time.GetUtcNow();
        store.BeforeUpdate = _ => { store.BeforeUpdate = null; time.Advance(WriteAllowance + TimeSpan.FromSeconds(1)); };
        var slower = await Admin.PutAsync("example.com", Testing, default);
        Assert.Equal(second + WriteAllowance + TimeSpan.FromSeconds(1) + Window, store.All.Single().Changes.Single(c => c.Version == store.All.Single().PolicyVersion).ChangedAt + Window);
        Assert.Equal(store.All.Single().PolicyChangedAt, second + WriteAllowance + TimeSpan.FromSeconds(1));
        Assert.Equal(AdminOutcome.Updated, slower.Outcome);
    }

    [Fact]
    public async Task A_retried_put_whose_first_write_landed_unseen_is_stamped_when_the_retry_finds_it()
    {
        await PublishedAsync();
        var started = time.GetUtcNow();
        store.BeforeUpdate = tenant =>
        {
            // The write lands, slowly, and its answer is lost: the admin sees a conflict and tries again.
            store.BeforeUpdate = null;
            time.Advance(TimeSpan.FromSeconds(100));
            store.UpdateAsync(tenant, default).GetAwaiter().GetResult();
            throw new TenantConflictException("answer lost");
        };

        var result = await Admin.PutAsync("example.com", Enforce, default);

        Assert.Equal(AdminOutcome.Unchanged, result.Outcome);
        Assert.Equal(started.AddSeconds(100) + Window, result.Tenant!.RotationDueAt);
    }

    [Theory]
    [InlineData("published")]
    [InlineData("deleted")]
    [InlineData("changed")]
    public async Task Stamping_again_after_a_conflict_looks_at_the_row_first(string meanwhile)
    {
        await PublishedAsync();
        var started = time.GetUtcNow();
        var calls = 0;
        store.BeforeUpdate = tenant =>
        {
            if (++calls == 1)
            {
                time.Advance(TimeSpan.FromSeconds(100)); // the PUT's own write, slow
                return;
            }

            if (calls == 2)
            {
                var current = store.All.Single();
                store.BeforeUpdate = null;
                switch (meanwhile)
                {
                    case "published":
                        store.UpdateAsync(current with { PublishedId = "20261201120500", PublishedVersion = current.PolicyVersion }, default).GetAwaiter().GetResult();
                        break;
                    case "deleted":
                        store.DeleteAsync(current, default).GetAwaiter().GetResult();
                        break;
                    default:
                        store.UpdateAsync(current with { LastVerifiedAt = time.GetUtcNow() }, default).GetAwaiter().GetResult();
                        break;
                }

                throw new TenantConflictException("changed");
            }
        };

        var result = await Admin.PutAsync("example.com", Enforce, default);

        Assert.Equal(AdminOutcome.Updated, result.Outcome);
        var row = store.All.SingleOrDefault();
        switch (meanwhile)
        {
            case "published":
                Assert.Equal(started, row!.PolicyChangedAt); // published already: nothing to delay
                break;
            case "deleted":
                Assert.Null(row);
                break;
            default:
                Assert.Equal(started.AddSeconds(100), row!.PolicyChangedAt); // stamped again on the fresh row
                break;
        }
    }

    [Fact]
    public async Task Due_times_are_shown_only_where_they_apply()
    {
        await PublishedAsync();
        var published = (await Admin.GetAsync("example.com", default)).Tenant!;
        Assert.Null(published.RotationDueAt);
        Assert.Null(published.RemovalDueAt);

        var tenant = store.All.Single();
        await store.UpdateAsync(tenant with { HeldUntil = time.GetUtcNow().AddDays(1) }, default);
        Assert.Null((await Admin.GetAsync("example.com", default)).Tenant!.RemovalDueAt); // active: nothing is removed

        var withdrawn = await Admin.DeleteAsync("example.com", default);
        Assert.Equal(AdminOutcome.Offboarding, withdrawn.Outcome);
        Assert.Null(withdrawn.Tenant!.RemovalDueAt); // the mode none id is not out yet
        Assert.NotNull(withdrawn.Tenant.RotationDueAt);
    }
}
