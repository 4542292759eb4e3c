namespace MtaSts.Core.Reports;

/// <summary>Told after each inbox blob is handled (for the alert conditions); its faults never change the blob's outcome.</summary>
public interface IIngestObserver
{
    /// <summary>Reports were stored (or found stored) for these tenants.</summary>
    Task IngestedAsync(IReadOnlyList<string> domains, CancellationToken cancellationToken);

    /// <summary>An input was refused with <paramref name="code"/>.</summary>
    Task RefusedAsync(string code, CancellationToken cancellationToken);
}
