namespace MtaSts.Core.Dashboard;

/// <summary>The answer to <c>POST /api/tenants/{domain}/share</c>: the read-only link and when it stops working.</summary>
public sealed record ShareLinkView(string Url, string Domain, DateTimeOffset ExpiresAt);
