namespace MtaSts.Core.Reports;

/// <summary>Blob metadata values must be ASCII without control characters; hostile text is made so and bounded.</summary>
public static class BlobMetadata
{
    public static string Ascii(string text, int maxLength = 1024)
    {
        ArgumentNullException.ThrowIfNull(text);
        var safe = new string(text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray()).Trim();
        return safe.Length > maxLength ? safe[..maxLength] : safe;
    }
}
