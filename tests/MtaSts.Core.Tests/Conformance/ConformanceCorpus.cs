using System.Text.Json;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>Finds <c>../shared/conformance</c> beside the repository (or <c>MTASTS_CONFORMANCE_DIR</c>) and loads vector files.</summary>
public static class ConformanceCorpus
{
    public static string Directory { get; } = Locate();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<JsonElement>> Loaded = new();

    public static IReadOnlyList<JsonElement> Vectors(string relativePath) => Loaded.GetOrAdd(relativePath, path =>
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, path)));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone()).ToArray();
    });

    public static JsonElement Vector(string relativePath, string id) =>
        Vectors(relativePath).Single(v => v.GetProperty("id").GetString() == id);

    /// <summary>Theory rows of (case label, vector id); the label carries our documented choice where we differ from the source.</summary>
    public static TheoryData<string, string> Cases(string relativePath, IReadOnlyDictionary<string, string> deviations)
    {
        var data = new TheoryData<string, string>();
        foreach (var vector in Vectors(relativePath))
        {
            var id = vector.GetProperty("id").GetString()!;
            var source = vector.GetProperty("source").GetProperty("repo").GetString();
            data.Add(deviations.TryGetValue(id, out var why) ? $"{id} ({source}) DIFFERS: {why}" : $"{id} ({source}) agrees", id);
        }

        return data;
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("MTASTS_CONFORMANCE_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MtaSts.Functions.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
                return System.IO.Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"The conformance corpus is expected at {shared} (or set MTASTS_CONFORMANCE_DIR).");
            }
        }

        throw new DirectoryNotFoundException("MtaSts.Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
