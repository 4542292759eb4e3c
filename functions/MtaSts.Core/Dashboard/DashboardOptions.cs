namespace MtaSts.Core.Dashboard;

/// <summary>
/// <c>Dashboard:</c> settings: the key that signs read-only share links (<see cref="ShareSecret"/>, a Key Vault
/// reference in Azure), how long a link may live, the address links point at, and the report window a shared page shows.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Shortest share secret accepted: 32 characters (a random 256-bit key in base64 is 44).</summary>
    public const int MinSecretLength = 32;

    /// <summary>
    /// <c>Dashboard:ShareSecret</c>: the HMAC-SHA256 key of share links. Unset, share links are off (creating one answers
    /// 409 with how to turn them on). Changing it revokes every link given out.
    /// </summary>
    public string? ShareSecret { get; set; }

    /// <summary><c>Dashboard:MaxShareDays</c>: the longest life of a share link, in days (1 to 365; default 30).</summary>
    public int MaxShareDays { get; set; } = 30;

    /// <summary>
    /// <c>Dashboard:PublicUrl</c>: the address share links start with, such as <c>https://mtasts.example.net</c>. Empty:
    /// the scheme and host the admin call came in on.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary><c>Dashboard:ReportDays</c>: days of reports a shared page shows (1 to 90; default 30).</summary>
    public int ReportDays { get; set; } = 30;

    /// <summary>Whether share links can be made and checked: a secret long enough, and not an unresolved Key Vault reference.</summary>
    public bool SharingEnabled =>
        ShareSecret is { Length: >= MinSecretLength } && !ShareSecret.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    /// <summary>Start-up validation: every problem, each naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrEmpty(ShareSecret) && ShareSecret.Length < MinSecretLength && !ShareSecret.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Dashboard:ShareSecret must be at least {MinSecretLength} characters (a random key, e.g. openssl rand -base64 32)";
        }

        if (MaxShareDays is < 1 or > 365)
        {
            yield return "Dashboard:MaxShareDays must be from 1 to 365";
        }

        if (ReportDays is < 1 or > 90)
        {
            yield return "Dashboard:ReportDays must be from 1 to 90";
        }

        if (!string.IsNullOrEmpty(PublicUrl) && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.PathAndQuery != "/" || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo)))
        {
            yield return "Dashboard:PublicUrl must be an absolute http(s) address with no path, such as https://mtasts.example.net";
        }
    }
}
