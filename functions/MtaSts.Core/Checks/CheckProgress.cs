namespace MtaSts.Core.Checks;

/// <summary>
/// The results of a run of checks, step by step as each finishes, readable from another thread while the run goes on:
/// what a run cut short by a deadline has to say, and which of its steps it did not finish. Results come out in the
/// order the steps were expected in, whatever order they finished in.
/// </summary>
public sealed class CheckProgress
{
    private readonly Lock gate = new();
    private readonly List<string> steps = [];
    private readonly Dictionary<string, List<CheckResult>> results = new(StringComparer.Ordinal);
    private readonly HashSet<string> finished = new(StringComparer.Ordinal);

    /// <summary>Every result so far, in step order.</summary>
    public IReadOnlyList<CheckResult> Results => Snapshot(unfinished: null);

    /// <summary>Declares the steps a run will take, in order; steps already known keep their place.</summary>
    public void Expect(params IEnumerable<string> names)
    {
        lock (gate)
        {
            foreach (var name in names)
            {
                if (!results.ContainsKey(name))
                {
                    steps.Add(name);
                    results[name] = [];
                }
            }
        }
    }

    /// <summary>Records one result of <paramref name="step"/>, which goes on.</summary>
    public void Add(string step, CheckResult result)
    {
        lock (gate)
        {
            Expect(step);
            results[step].Add(result);
        }
    }

    /// <summary>Records the last results of <paramref name="step"/> (none when it had nothing to check) and marks it finished.</summary>
    public void Complete(string step, params IEnumerable<CheckResult> last)
    {
        lock (gate)
        {
            Expect(step);
            results[step].AddRange(last);
            finished.Add(step);
        }
    }

    /// <summary>Ends a run early on purpose: <paramref name="reason"/> goes to the first unfinished of <paramref name="runSteps"/>, and all of them are finished.</summary>
    public void Abort(IEnumerable<string> runSteps, CheckResult reason)
    {
        ArgumentNullException.ThrowIfNull(runSteps);
        ArgumentNullException.ThrowIfNull(reason);
        lock (gate)
        {
            var open = runSteps.Where(s => !finished.Contains(s)).ToList();
            Complete(open.FirstOrDefault() ?? reason.Check, reason);
            open.ForEach(s => Complete(s));
        }
    }

    /// <summary>Every result so far, in step order, each unfinished step followed by what <paramref name="unfinished"/> says of it.</summary>
    public IReadOnlyList<CheckResult> Snapshot(Func<string, CheckResult>? unfinished)
    {
        lock (gate)
        {
            return steps
                .SelectMany(step => unfinished is null || finished.Contains(step) ? results[step] : [.. results[step], unfinished(step)])
                .ToArray();
        }
    }
}
