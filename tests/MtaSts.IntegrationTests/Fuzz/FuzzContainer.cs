namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>How the (edited) report reaches the parser.</summary>
public enum FuzzContainer
{
    /// <summary>The JSON as posted to <c>/tlsrpt</c>.</summary>
    Json,

    /// <summary>The JSON gzipped, as <c>application/tlsrpt+gzip</c>.</summary>
    Gzip,

    /// <summary>An RFC 8460 §5.3 e-mail with several report parts (gzip or JSON).</summary>
    EmailParts,

    /// <summary>An e-mail whose report part sits in nested multiparts.</summary>
    EmailNested,

    /// <summary>The corpus file's own bytes (an e-mail, gzip or JSON as the sender made it).</summary>
    Original,

    /// <summary>The JSON padded with whitespace far beyond the decompression budget, gzipped (a bomb).</summary>
    GzipBomb,
}
