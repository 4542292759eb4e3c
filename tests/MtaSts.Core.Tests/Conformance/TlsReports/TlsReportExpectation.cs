namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// One entry of <c>tlsrpt/EXPECTATIONS.json</c>: what the originating project's tests assert about one corpus file
/// (<see cref="Expected"/>, free-form prose), the test that asserts it, and an optional note from the corpus curator.
/// </summary>
public sealed record TlsReportExpectation(string File, string Expected, string AssertedBy, string? Note)
{
    /// <summary>The originating repository (<c>owner/name</c>), the part of <see cref="AssertedBy"/> before the commit.</summary>
    public string Repo => AssertedBy.Split('@')[0];
}
