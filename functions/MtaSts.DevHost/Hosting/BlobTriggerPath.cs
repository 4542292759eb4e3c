namespace MtaSts.DevHost.Hosting;

/// <summary>A blob trigger path such as <c>tlsrpt-inbox/{name}</c>: the container and the name of the parameter that receives the blob name.</summary>
public sealed record BlobTriggerPath(string Container, string NameParameter)
{
    public static BlobTriggerPath Parse(string? path)
    {
        var parts = path?.Split('/', 2) ?? [];
        if (parts.Length != 2 || parts[0].Length == 0 || !parts[1].StartsWith('{') || !parts[1].EndsWith('}'))
        {
            throw new InvalidOperationException($"The DevHost supports blob paths of the form container/{{name}}, not '{path}'.");
        }

        return new BlobTriggerPath(parts[0], parts[1][1..^1]);
    }
}
