using System.Globalization;
using System.Text;

namespace MtaSts.Core.Policies;

/// <summary>
/// Renders a policy file (RFC 8461 §3.2): CRLF line endings, <c>version</c> first, then mode, the mx lines in
/// their stored order and max_age, so that the same policy always gives the same bytes (and the same hash).
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.2"/>
public static class PolicyWriter
{
    public static string Write(StsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var text = new StringBuilder();
        text.Append("version: STSv1\r\n");
        text.Append("mode: ").Append(policy.Mode.ToText()).Append("\r\n");
        foreach (var mx in policy.Mx)
        {
            text.Append("mx: ").Append(mx).Append("\r\n");
        }

        text.Append("max_age: ").Append(policy.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        return text.ToString();
    }

    public static byte[] WriteUtf8(StsPolicy policy) => Encoding.UTF8.GetBytes(Write(policy));
}
