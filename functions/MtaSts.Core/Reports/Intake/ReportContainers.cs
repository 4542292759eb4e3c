namespace MtaSts.Core.Reports;

/// <summary>The blob containers of the report flow: received inputs wait in the inbox, then move to the archive or, refused, to rejected.</summary>
public static class ReportContainers
{
    public const string Inbox = "tlsrpt-inbox";
    public const string Archive = "tlsrpt-archive";
    public const string Rejected = "tlsrpt-rejected";
}
