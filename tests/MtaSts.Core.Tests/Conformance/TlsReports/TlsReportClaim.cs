using Xunit.Sdk;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// One thing an expectation says about an input, in words (<see cref="Says"/>: where it is said, what it says, and what
/// it means for our report) and as a check on our outcome.
/// </summary>
public sealed record TlsReportClaim(string Says, Func<TlsReportOutcome, Task> Check)
{
    public static TlsReportClaim Of(string says, Action<TlsReportOutcome> check) => new(says, o =>
    {
        check(o);
        return Task.CompletedTask;
    });

    public static TlsReportClaim OfAsync(string says, Func<TlsReportOutcome, Task> check) => new(says, check);

    /// <summary>Runs the check; a failure names the claim.</summary>
    public async Task AssertAsync(TlsReportOutcome outcome)
    {
        try
        {
            await Check(outcome);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new XunitException($"claim \"{Says}\" does not hold: {e.Message}", e);
        }
    }

    public override string ToString() => Says;
}
