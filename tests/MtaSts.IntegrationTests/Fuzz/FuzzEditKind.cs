namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>The mutations the report fuzzer applies.</summary>
public enum FuzzEditKind
{
    /// <summary>The n-th number in the JSON becomes a huge, negative, fractional or overflowing one.</summary>
    Number,

    /// <summary>The n-th key is written twice, the first time with another value.</summary>
    DuplicateKey,

    /// <summary>A value nested hundreds of arrays deep is added at the top.</summary>
    DeepNesting,

    /// <summary>Bytes that are not UTF-8 are inserted into the n-th string.</summary>
    InvalidUtf8,

    /// <summary>The n-th string becomes very long (ASCII, accented or astral characters).</summary>
    LongString,

    /// <summary>The n-th string value becomes a number, null, an object or an array.</summary>
    WrongType,

    /// <summary>The n-th key is renamed, so the field is missing.</summary>
    MissingField,

    /// <summary>One bit of the final bytes is flipped.</summary>
    ByteFlip,

    /// <summary>The final bytes are cut short.</summary>
    ByteTruncate,

    /// <summary>Random bytes are inserted into the final bytes.</summary>
    ByteInsert,
}
