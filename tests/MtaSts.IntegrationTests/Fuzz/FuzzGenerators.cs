using CsCheck;

namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>
/// CsCheck generators of fuzz cases. CsCheck was picked over FsCheck (F#-first) and SharpFuzz (coverage-guided, but it
/// needs an instrumented build and an AFL or libFuzzer driver that CI cannot run within a minute): its generators
/// compose in C#, and its PCG random streams make every case a pure function of (seed, index), so any failure is
/// reproduced from two numbers.
/// </summary>
public static class FuzzGenerators
{
    public static Gen<FuzzCase> Case(int seeds) =>
        from seed in Gen.Int[0, seeds - 1]
        from container in Gen.Frequency(
            (5, Gen.Const(FuzzContainer.Json)),
            (4, Gen.Const(FuzzContainer.Gzip)),
            (3, Gen.Const(FuzzContainer.EmailParts)),
            (1, Gen.Const(FuzzContainer.EmailNested)),
            (3, Gen.Const(FuzzContainer.Original)),
            (1, Gen.Const(FuzzContainer.GzipBomb)))
        from parts in Gen.Frequency((8, Gen.Int[1, 3]), (2, Gen.Int[4, 40]))
        from edits in Edit.Array[0, 4]
        select new FuzzCase(seed, container, parts, edits);

    private static Gen<FuzzEdit> Edit =>
        from kind in Gen.Int[0, (int)FuzzEditKind.ByteInsert]
        from index in Gen.Int[0, 100_000]
        from value in Gen.Int[0, 1_000_000]
        select new FuzzEdit((FuzzEditKind)kind, index, value);

    /// <summary>Case <paramref name="index"/> of the run seeded with <paramref name="seed"/>.</summary>
    public static FuzzCase Generate(Gen<FuzzCase> gen, int seed, int index)
    {
        ArgumentNullException.ThrowIfNull(gen);
        return gen.Generate(new PCG((uint)seed, (ulong)index), null, out _);
    }
}
