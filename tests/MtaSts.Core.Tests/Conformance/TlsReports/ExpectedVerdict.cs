using System.Text.Json;
using System.Text.RegularExpressions;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// The source library's verdict on an input, in our terms. <see cref="Parses"/>: the report is read. <see cref="RefusedAs"/>:
/// when the input parses, the <see cref="ReportRefusedException.Code"/> ingestion must refuse it with (null: it is
/// accepted); when it does not parse, the code the parser must refuse it with (null: the source names no reason).
/// </summary>
public sealed record ExpectedVerdict(bool Parses, string? RefusedAs)
{
    public static ExpectedVerdict Accepted { get; } = new(true, null);

    /// <summary>
    /// How the prose of an <c>EXPECTATIONS.json</c> entry reads, first match wins. An entry that matches none fails its
    /// test: a new wording needs a rule here, not a guess.
    /// </summary>
    private static readonly (Regex Says, ExpectedVerdict Verdict)[] ProseRules =
    [
        (new(@"^parses\b.*\bmust fail because every policy domain is unknown"), new(true, ReportRefusedException.NoTenant)),
        (new(@"^(parses|ParseMessage succeeds|decodes|readable and parsed|contains a TLS-RPT attachment|processed by|mail ingester prints|uploaded via)\b"), Accepted),

        // Shipped by the source as a sample report and run through its tools, without a check of the result.
        (new(@"\bno (specific |direct )?assertion( found)?$"), Accepted),
    ];

    /// <summary>The error a vector's library names, and the category we refuse the same input with.</summary>
    private static readonly Dictionary<string, string> LibraryErrors = new(StringComparer.Ordinal)
    {
        ["ErrNoReport"] = ReportRefusedException.NotAReport,
    };

    public bool Accepts => Parses && RefusedAs is null;

    public static ExpectedVerdict FromProse(string expected) =>
        ProseRules.FirstOrDefault(r => r.Says.IsMatch(expected)).Verdict
        ?? throw new InvalidOperationException($"no verdict rule reads the expectation '{expected}'; add one to {nameof(ExpectedVerdict)}");

    /// <summary>A message vector's <c>expected</c>: <c>result</c> accept or reject, and on reject the library's error in <c>lib</c>.</summary>
    public static ExpectedVerdict FromVector(JsonElement expected) => expected.GetProperty("result").GetString() switch
    {
        "accept" => Accepted,
        "reject" => new(false, expected.TryGetProperty("lib", out var lib) ? RefusalFor(lib.GetString()!) : null),
        var other => throw new InvalidOperationException($"unknown vector result '{other}'"),
    };

    private static string RefusalFor(string libraryError) =>
        LibraryErrors.TryGetValue(libraryError, out var code) ? code : throw new InvalidOperationException($"no refusal category for the library error '{libraryError}'");

    public override string ToString() => (Parses, RefusedAs) switch
    {
        (true, null) => "accept",
        (true, { } code) => $"parse, refuse on ingestion ({code})",
        (false, null) => "refuse",
        (false, { } code) => $"refuse ({code})",
    };
}
