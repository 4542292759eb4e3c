using MtaSts.Core.Checks;

namespace MtaSts.Core.Tests.Checks;

public sealed class CheckProgressTests
{
    private static CheckResult Unfinished(string step) => CheckResult.Fail(step, "not finished", "wait");

    [Fact]
    public void Results_come_in_the_order_of_the_steps_not_of_their_finishing()
    {
        var progress = new CheckProgress();
        progress.Expect("a", "b", "c");

        progress.Complete("c", CheckResult.Pass("c", "third"));
        progress.Complete("a", CheckResult.Pass("a", "first"), CheckResult.Warn("a2", "first too"));
        progress.Complete("b");

        Assert.Equal(["a", "a2", "c"], progress.Results.Select(r => r.Check));
        Assert.Equal(["a", "a2", "c"], progress.Snapshot(Unfinished).Select(r => r.Check));
    }

    [Fact]
    public void An_unfinished_step_keeps_its_results_and_is_reported_after_them()
    {
        var progress = new CheckProgress();
        progress.Expect("txt", "smtp", "rotation");
        progress.Complete("txt", CheckResult.Pass("txt", "ok"));
        progress.Add("smtp", CheckResult.Pass("smtp mx1", "ok"));

        var snapshot = progress.Snapshot(Unfinished);

        Assert.Equal(["txt", "smtp mx1", "smtp", "rotation"], snapshot.Select(r => r.Check));
        Assert.Equal([CheckStatus.Pass, CheckStatus.Pass, CheckStatus.Fail, CheckStatus.Fail], snapshot.Select(r => r.Status));
        Assert.Equal(2, progress.Results.Count);
    }

    [Fact]
    public void Abort_puts_the_reason_on_the_first_open_step_and_finishes_the_rest()
    {
        var progress = new CheckProgress();
        progress.Expect("txt", "https", "syntax", "ours");
        progress.Complete("txt", CheckResult.Pass("txt", "ok"));

        progress.Abort(["txt", "https", "syntax"], CheckResult.Fail("dns", "DNS lookups failed", "fix DNS"));

        Assert.Equal(["txt", "dns", "ours"], progress.Snapshot(Unfinished).Select(r => r.Check));
    }

    [Fact]
    public void Steps_expected_twice_keep_their_first_place()
    {
        var progress = new CheckProgress();
        progress.Expect("a", "b");
        progress.Expect("b", "a", "c");
        progress.Add("d", CheckResult.Pass("d", "late"));

        Assert.Equal(["a", "b", "c", "d"], progress.Snapshot(Unfinished).Select(r => r.Check).Distinct());
    }
}
