namespace MtaSts.Core.Reports;

/// <summary><c>Reports:Dkim</c>: what to do with the DKIM signature of e-mailed reports (RFC 8460 §3 asks senders to sign).</summary>
public enum DkimMode
{
    /// <summary>Do not verify.</summary>
    Off,

    /// <summary>Verify and store the verdict with the report (the default).</summary>
    Record,

    /// <summary>Refuse e-mailed reports without a passing DKIM signature.</summary>
    Require,
}
