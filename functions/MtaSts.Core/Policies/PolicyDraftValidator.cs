namespace MtaSts.Core.Policies;

/// <summary>
/// Validates a policy before we serve it (RFC 8461 §3.2): mode enforce | testing | none; at least one mx unless
/// the mode is none, each a host name or one leading <c>*.</c> label, IDN input converted to A-labels,
/// duplicates dropped; max_age 0..31557600 (default one week), with warnings under one day and, for enforce,
/// under one week. Every problem is reported, not just the first.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.2"/>
public static class PolicyDraftValidator
{
    /// <summary>Used when the draft has no max_age: one week, the shortest that raises no warning for enforce.</summary>
    public const long DefaultMaxAge = PolicyAdvice.OneWeek;

    /// <summary>More mx lines than this are a mistake, not a mail setup (and would approach the 64 KiB body limit).</summary>
    public const int MaxMxCount = 100;

    public static PolicyDraftValidation Validate(PolicyDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<string>();

        PolicyMode? mode = null;
        if (draft.Mode is null)
        {
            errors.Add("mode is required: enforce, testing or none");
        }
        else if (PolicyModes.TryParse(draft.Mode, out var parsed))
        {
            mode = parsed;
        }
        else
        {
            errors.Add($"mode '{DomainName.Printable(draft.Mode)}' is not one of enforce, testing, none");
        }

        var mx = ValidateMx(draft.Mx, errors);
        if (mode is PolicyMode.Enforce or PolicyMode.Testing && mx.Count == 0 && (draft.Mx is null || draft.Mx.Count == 0))
        {
            errors.Add($"mx is required for mode {mode.Value.ToText()}: list every MX host (or *.domain pattern) that receives mail for the domain");
        }

        var maxAge = draft.MaxAge ?? DefaultMaxAge;
        if (maxAge < 0 || maxAge > StsPolicy.MaxAgeLimit)
        {
            errors.Add($"maxAge {maxAge} is out of range: 0 to {StsPolicy.MaxAgeLimit} seconds");
        }

        if (errors.Count > 0 || mode is null)
        {
            return new PolicyDraftValidation(null, errors, []);
        }

        var warnings = PolicyAdvice.For(mode.Value, maxAge).Select(w => w.Message).ToArray();
        return new PolicyDraftValidation(new StsPolicy(mode.Value, mx, maxAge), [], warnings);
    }

    private static List<string> ValidateMx(IReadOnlyList<string?>? values, List<string> errors)
    {
        var mx = new List<string>();
        if (values is null)
        {
            return mx;
        }

        if (values.Count > MaxMxCount)
        {
            errors.Add($"mx has {values.Count} entries; at most {MaxMxCount} are allowed");
            return mx;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!MxPattern.TryNormalize(values[i], out var pattern, out var error))
            {
                errors.Add($"mx[{i}]: {error}");
            }
            else if (!mx.Contains(pattern.Value))
            {
                mx.Add(pattern.Value);
            }
        }

        return mx;
    }
}
