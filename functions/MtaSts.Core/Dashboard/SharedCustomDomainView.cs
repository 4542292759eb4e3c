namespace MtaSts.Core.Dashboard;

/// <summary>The tenant's <c>mta-sts</c> custom domain as a share link shows it: its state, certificate expiry and what the customer must do.</summary>
public sealed record SharedCustomDomainView(string State, string HostName, DateTimeOffset? CertificateExpiresAt, IReadOnlyList<string> CustomerActions);
