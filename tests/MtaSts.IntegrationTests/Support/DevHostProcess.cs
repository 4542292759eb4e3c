using System.Diagnostics;
using System.Text;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// The real <c>MtaSts.DevHost</c> started as its own process (from its build output, in the configuration the tests
/// were built in) with settings on its command line; ready once it prints that it is listening. Disposing stops it.
/// </summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevHostProcess(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The DevHost's build output folder.</summary>
    public static string BuildOutput
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testOutput.Name;
            var configuration = testOutput.Parent!.Name;
            var root = MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot();
            return Path.Combine(root, "functions", "MtaSts.DevHost", "bin", configuration, framework);
        }
    }

    public static async Task<DevHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? BuildOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(BuildOutput, "MtaSts.DevHost.dll"));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var host = new DevHostProcess(Process.Start(start)!);
        host.process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host.process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        var exited = host.process.WaitForExitAsync();
        var finished = await Task.WhenAny(host.ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (finished != host.ready.Task)
        {
            var log = host.Output;
            await host.DisposeAsync();
            throw new InvalidOperationException("The DevHost did not start:\n" + log);
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.Contains("MtaSts.DevHost is listening on", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}
