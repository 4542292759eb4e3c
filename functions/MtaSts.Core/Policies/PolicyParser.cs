using System.Globalization;
using System.Text;

namespace MtaSts.Core.Policies;

/// <summary>
/// Reads a policy file as a sending MTA does (RFC 8461 §3.2): <c>key: value</c> lines ended by LF or CRLF,
/// keys and the version and mode values case-sensitive, trailing spaces allowed; the first of a repeated
/// non-<c>mx</c> field is used and the later ones are ignored; unknown fields are ignored. A required field that
/// is missing or invalid, or any invalid <c>mx</c>, makes the policy unusable. Bodies over 64 KiB are refused.
/// </summary>
/// <remarks>
/// Lines that are not <c>key: value</c> at all are ignored with a warning, as Postfix's resolver and
/// mailauth do; the RFC's grammar has no place for them, so the linter reports them.
/// </remarks>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.2"/>
public static class PolicyParser
{
    private const string VersionKey = "version";
    private const string ModeKey = "mode";
    private const string MaxAgeKey = "max_age";
    private const string MxKey = "mx";

    public static PolicyParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > StsPolicy.MaxBodyBytes)
        {
            return TooLarge(utf8.Length);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return new PolicyParseResult(null, [PolicyDiagnostic.Error("not-utf8", "the policy is not valid UTF-8 text")]);
        }

        return Parse(text);
    }

    public static PolicyParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > StsPolicy.MaxBodyBytes)
        {
            return TooLarge(byteCount);
        }

        var state = new ParseState();
        var lines = text.Split('\n');
        var lastLine = lines.Length;
        if (lines[^1].Length == 0 && lines.Length > 1)
        {
            lastLine--; // the final terminator ends the last line; it does not start an empty one
        }

        for (var i = 0; i < lastLine; i++)
        {
            var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            ReadLine(line, i + 1, state);
        }

        return state.Finish();
    }

    private static PolicyParseResult TooLarge(int bytes) =>
        new(null, [PolicyDiagnostic.Error("too-large", $"the policy is {bytes} bytes; RFC 8461 §3.3 limits it to {StsPolicy.MaxBodyBytes} bytes (64 KiB)")]);

    private static void ReadLine(string line, int lineNumber, ParseState state)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            state.Add(PolicyDiagnostic.Warning("blank-line", "blank line ignored", lineNumber));
            return;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            state.Add(PolicyDiagnostic.Warning("not-a-field", $"'{DomainName.Printable(line)}' is not a 'key: value' line; senders ignore it", lineNumber));
            return;
        }

        var key = line[..colon];
        var value = line[(colon + 1)..].Trim(' ', '\t');
        switch (key)
        {
            case MxKey:
                state.ReadMx(value, lineNumber);
                break;
            case VersionKey or ModeKey or MaxAgeKey when state.FirstLineOf.TryGetValue(key, out var firstLine):
                state.Add(PolicyDiagnostic.Warning("duplicate-field", $"'{key}' repeats the field on line {firstLine}; senders use the first and ignore this one", lineNumber));
                break;
            case VersionKey:
                state.ReadVersion(value, lineNumber);
                break;
            case ModeKey:
                state.ReadMode(value, lineNumber);
                break;
            case MaxAgeKey:
                state.ReadMaxAge(value, lineNumber);
                break;
            default:
                state.Add(PolicyDiagnostic.Warning("unknown-field", $"unknown field '{DomainName.Printable(key)}' ignored", lineNumber));
                break;
        }
    }

    private sealed class ParseState
    {
        private readonly List<PolicyDiagnostic> diagnostics = [];
        private readonly List<string> mx = [];
        private bool versionValid;
        private PolicyMode? mode;
        private long? maxAge;
        private bool mxInvalid;

        public Dictionary<string, int> FirstLineOf { get; } = new(StringComparer.Ordinal);

        public void Add(PolicyDiagnostic diagnostic) => diagnostics.Add(diagnostic);

        public void ReadVersion(string value, int line)
        {
            FirstLineOf[VersionKey] = line;
            versionValid = value == "STSv1";
            if (!versionValid)
            {
                Add(PolicyDiagnostic.Error("version-invalid", $"version is '{DomainName.Printable(value)}'; it must be exactly 'STSv1'", line));
            }
            else if (line != 1 || FirstLineOf.Count > 1 || mx.Count > 0)
            {
                Add(PolicyDiagnostic.Warning("version-not-first", "version should be the first line", line));
            }
        }

        public void ReadMode(string value, int line)
        {
            FirstLineOf[ModeKey] = line;
            if (PolicyModes.TryParse(value, out var parsed))
            {
                mode = parsed;
            }
            else
            {
                Add(PolicyDiagnostic.Error("mode-invalid", $"mode is '{DomainName.Printable(value)}'; it must be enforce, testing or none (lower case)", line));
            }
        }

        public void ReadMaxAge(string value, int line)
        {
            FirstLineOf[MaxAgeKey] = line;
            if (value.Length is 0 or > 10 || !value.All(char.IsAsciiDigit))
            {
                Add(PolicyDiagnostic.Error("max-age-invalid", $"max_age is '{DomainName.Printable(value)}'; it must be 1 to 10 digits of seconds", line));
                return;
            }

            var seconds = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (seconds > StsPolicy.MaxAgeLimit)
            {
                Add(PolicyDiagnostic.Error("max-age-too-large", $"max_age {seconds} is over the limit of {StsPolicy.MaxAgeLimit} seconds", line));
                return;
            }

            maxAge = seconds;
        }

        public void ReadMx(string value, int line)
        {
            if (!MxPattern.TryParse(value, out var pattern, out var error))
            {
                mxInvalid = true;
                Add(PolicyDiagnostic.Error("mx-invalid", error, line));
            }
            else if (mx.Contains(pattern.Value))
            {
                Add(PolicyDiagnostic.Warning("mx-duplicate", $"mx '{pattern.Value}' is listed twice", line));
            }
            else
            {
                mx.Add(pattern.Value);
            }
        }

        public PolicyParseResult Finish()
        {
            if (!FirstLineOf.ContainsKey(VersionKey))
            {
                Add(PolicyDiagnostic.Error("version-missing", "the required 'version: STSv1' line is missing"));
            }

            if (!FirstLineOf.ContainsKey(ModeKey))
            {
                Add(PolicyDiagnostic.Error("mode-missing", "the required 'mode' line is missing"));
            }

            if (!FirstLineOf.ContainsKey(MaxAgeKey))
            {
                Add(PolicyDiagnostic.Error("max-age-missing", "the required 'max_age' line is missing"));
            }

            if (mode is PolicyMode.Enforce or PolicyMode.Testing && mx.Count == 0 && !mxInvalid)
            {
                Add(PolicyDiagnostic.Error("mx-missing", $"mode {mode.Value.ToText()} needs at least one 'mx' line", FirstLineOf[ModeKey]));
            }

            if (mode is { } m && maxAge is { } age)
            {
                diagnostics.AddRange(PolicyAdvice.For(m, age, FirstLineOf[MaxAgeKey]));
            }

            var usable = versionValid && mode is not null && maxAge is not null && !mxInvalid
                && (mode == PolicyMode.None || mx.Count > 0);
            var policy = usable ? new StsPolicy(mode!.Value, mx.ToArray(), maxAge!.Value) : null;
            return new PolicyParseResult(policy, diagnostics.OrderBy(d => d.Line == 0 ? int.MaxValue : d.Line).ToArray());
        }
    }
}
