using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace MtaSts.Infra.Tests;

/// <summary>The Bicep CLI restored from the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c>, run on <c>infra/main.bicep</c>.</summary>
public static class Bicep
{
    public static string Cli { get; } = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;

    public static string MainFile { get; } = Path.Combine(RepositoryRoot(), "infra", "main.bicep");

    private static readonly Lazy<JsonObject> Compiled = new(() =>
    {
        var (exitCode, output, error) = Run("build", MainFile, "--stdout");
        return exitCode == 0 && error.Length == 0
            ? JsonNode.Parse(output)!.AsObject()
            : throw new InvalidOperationException($"bicep build failed ({exitCode}):\n{error}");
    });

    public static JsonObject Template => Compiled.Value;

    /// <summary>Every resource of the template and of the modules nested in it.</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject? template = null)
    {
        template ??= Template;
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(r => r.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<JsonObject> OfType(string type) =>
        Resources().Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Cli, File.GetUnixFileMode(Cli) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(Cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MtaSts.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("MtaSts.Functions.sln not found");
    }
}
