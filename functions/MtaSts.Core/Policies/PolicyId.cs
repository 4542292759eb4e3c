namespace MtaSts.Core.Policies;

/// <summary>
/// The policy <c>id</c> of the <c>_mta-sts</c> TXT record (RFC 8461 §3.1: <c>sts-id = %s"id=" 1*32(ALPHA / DIGIT)</c>).
/// Senders refetch the policy whenever the id they see differs from the one they cached.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.1"/>
public static class PolicyId
{
    public const int MaxLength = 32;

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(char.IsAsciiLetterOrDigit);
}
