namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>One change made to a fuzz input: on the report's JSON text (<see cref="FuzzEditKind"/> up to Byte*), or on the final bytes.</summary>
public sealed record FuzzEdit(FuzzEditKind Kind, int Index, int Value)
{
    public override string ToString() => $"{Kind}({Index},{Value})";
}
