using System.Collections.Frozen;
using System.Security.Cryptography;

namespace MtaSts.Functions.Dashboard;

/// <summary>
/// The dashboard's files, embedded in this assembly under <c>dashboard/</c> (from <c>Dashboard/wwwroot</c>) and read
/// once: nothing is fetched at run time, from a CDN or anywhere else. Each has its content type and a strong ETag.
/// </summary>
public sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, Asset> assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var found = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            found[name[Prefix.Length..]] = new Asset(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
        }

        assets = found.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every file's path, such as <c>index.html</c> or <c>pages/tenant.js</c>.</summary>
    public IEnumerable<string> Paths => assets.Keys;

    /// <summary>The file at <paramref name="path"/> (the page itself for an empty path), or null.</summary>
    public Asset? Find(string? path)
    {
        var key = string.IsNullOrEmpty(path) ? "index.html" : path;
        return key.Length <= 200 && assets.TryGetValue(key, out var asset) ? asset : null;
    }

    /// <summary>One embedded file.</summary>
    public sealed record Asset(byte[] Content, string ContentType, string ETag);
}
