namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>One generated input: which corpus file, what was changed in its JSON and bytes, and how it is packed.</summary>
public sealed record FuzzCase(int Seed, FuzzContainer Container, int Parts, IReadOnlyList<FuzzEdit> Edits)
{
    public override string ToString() => $"seed file {Seed}, {Container} x{Parts}, edits [{string.Join(", ", Edits)}]";
}
