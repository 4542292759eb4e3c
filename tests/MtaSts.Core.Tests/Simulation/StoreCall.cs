namespace MtaSts.Core.Tests.Simulation;

/// <summary>The kind of Table call a fault may hit; <see cref="WriteApplied"/> is the moment after a write took effect.</summary>
public enum StoreCall
{
    Read,
    List,
    Write,
    WriteApplied,
}
