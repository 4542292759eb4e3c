using System.Diagnostics;
using System.Text;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// A real BIND 9 (<c>named -g</c>) on 127.0.0.1, serving the zones it is given from files in a work folder, with
/// an optional TSIG key that may update the zones marked updatable. Disposing stops it.
/// </summary>
public sealed class BindServer : IAsyncDisposable
{
    public const string KeyName = "mtasts-test-key";

    private readonly Process? process;

    private BindServer(Process? process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>A fresh random TSIG secret (base64).</summary>
    public static string NewSecret() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Writes named.conf and the zone files; <paramref name="zones"/> maps zone name to (records, updatable).</summary>
    public static void WriteConfig(string work, int port, IReadOnlyDictionary<string, (string Records, bool Updatable)> zones, string? secret = null)
    {
        var conf = new StringBuilder();
        if (secret is not null)
        {
            conf.AppendLine($$"""key "{{KeyName}}" { algorithm hmac-sha256; secret "{{secret}}"; };""");
        }

        conf.AppendLine($$"""
            options {
              directory "{{work}}";
              pid-file "{{work}}/named.pid";
              session-keyfile "{{work}}/session.key";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
              notify no;
            };
            controls { };
            """);
        foreach (var (zone, (records, updatable)) in zones)
        {
            var policy = updatable && secret is not null ? $"update-policy {{ grant {KeyName} zonesub TXT; }};" : string.Empty;
            conf.AppendLine($$"""zone "{{zone}}" { type primary; file "{{work}}/{{zone}}.db"; {{policy}} };""");
            File.WriteAllText(Path.Combine(work, zone + ".db"), $"""
                $TTL 60
                @   IN SOA ns.{zone}. hostmaster.{zone}. 1 60 60 600 60
                @   IN NS  ns.{zone}.
                ns  IN A   127.0.0.1
                {records}

                """);
        }

        File.WriteAllText(Path.Combine(work, "named.conf"), conf.ToString());
    }

    public static async Task<BindServer> StartAsync(string work, int port)
    {
        var start = new ProcessStartInfo("named") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-g", "-c", Path.Combine(work, "named.conf") })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data?.EndsWith("running", StringComparison.Ordinal) == true)
            {
                running.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new BindServer(process, port);
        var waited = Stopwatch.StartNew();
        // named prints "running" once every zone is loaded; answering before that would be SERVFAIL.
        while (!running.Task.IsCompleted || !MtaSts.DevHost.Hosting.AzuriteProcess.IsListening(port))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                await server.DisposeAsync();
                lock (log)
                {
                    throw new InvalidOperationException("named did not start:\n" + log);
                }
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>A port nothing listens on, for "server down" tests.</summary>
    public static BindServer NotRunning() => new(null, FreePort.Next());

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }
}
