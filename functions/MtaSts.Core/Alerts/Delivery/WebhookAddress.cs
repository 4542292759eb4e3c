using System.Diagnostics.CodeAnalysis;

namespace MtaSts.Core.Alerts;

/// <summary>
/// A webhook URL as configured (<c>Alerts:Webhooks</c>) or given per tenant (<c>alertWebhooks</c>): absolute,
/// <c>https</c> (plain <c>http</c> only to a loopback host, for local receivers), no user name or password in it, at most
/// <see cref="MaxLength"/> characters. Where it may connect is decided again when sending (<see cref="WebhookSender"/>).
/// </summary>
public static class WebhookAddress
{
    public const int MaxLength = 2048;

    public static bool TryRead(string? text, [NotNullWhen(true)] out string? url, [NotNullWhen(false)] out string? problem)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            problem = $"must be an https URL of at most {MaxLength} characters";
            return false;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            problem = "must be an absolute https URL";
            return false;
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            problem = "must use https (plain http is accepted only for a loopback receiver)";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = "must not carry a user name or password";
            return false;
        }

        url = uri.AbsoluteUri;
        problem = null;
        return true;
    }
}
