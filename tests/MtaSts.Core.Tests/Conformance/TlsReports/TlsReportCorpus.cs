using System.Text.Json;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// The files of <c>tlsrpt/</c> and the entries of its <c>EXPECTATIONS.json</c>, read from disk as they are. Message
/// vector files (<c>vectors/*.json</c>) carry their own expectations and are listed apart.
/// </summary>
public static class TlsReportCorpus
{
    public const string ExpectationsFile = "EXPECTATIONS.json";

    private const string VectorsFolder = "vectors/";

    public static string Root { get; } = Path.Combine(ConformanceCorpus.Directory, "tlsrpt");

    public static IReadOnlyList<TlsReportExpectation> Expectations { get; } = LoadExpectations();

    /// <summary>Every file on disk, relative to <see cref="Root"/> with forward slashes.</summary>
    public static IReadOnlyList<string> AllFiles { get; } = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The report inputs: every file but <c>EXPECTATIONS.json</c> and the vector files.</summary>
    public static IReadOnlyList<string> ReportFiles { get; } = AllFiles.Where(f => f != ExpectationsFile && !IsVectorFile(f)).ToArray();

    public static IReadOnlyList<string> VectorFiles { get; } = AllFiles.Where(IsVectorFile).ToArray();

    /// <summary>Every report file and every file an expectation names, once each: a file without an expectation, or an expectation without a file, is a case of its own.</summary>
    public static IReadOnlyList<string> Cases { get; } = ReportFiles.Union(Expectations.Select(e => e.File)).Order(StringComparer.Ordinal).ToArray();

    public static byte[] Read(string path) => File.ReadAllBytes(Path.Combine(Root, path));

    public static bool Exists(string path) => File.Exists(Path.Combine(Root, path));

    private static bool IsVectorFile(string path) => path.StartsWith(VectorsFolder, StringComparison.Ordinal);

    private static TlsReportExpectation[] LoadExpectations()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, ExpectationsFile)));
        return document.RootElement.GetProperty("files").EnumerateArray()
            .Select(e => new TlsReportExpectation(
                e.GetProperty("file").GetString()!,
                e.GetProperty("expected").GetString()!,
                e.GetProperty("asserted_by").GetString()!,
                e.TryGetProperty("note", out var note) ? note.GetString() : null))
            .ToArray();
    }
}
