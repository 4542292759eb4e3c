using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MtaSts.Infra.Tests;

/// <summary>
/// Intake limits (denial of wallet): the Front Door WAF policy rate-limits <c>/tlsrpt</c> per client IP and blocks report
/// bodies larger than <c>Reports:MaxCompressedBytes</c>, and it is associated with the endpoint.
/// </summary>
public sealed class FrontDoorWafTests
{
    private const string WafType = "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies";

    [Fact]
    public void The_policy_is_Standard_like_the_profile_enabled_in_prevention_mode_with_custom_rules_only()
    {
        var waf = Bicep.OfType(WafType).Single();
        var settings = waf["properties"]!["policySettings"]!;

        Assert.Equal((string?)Bicep.OfType("Microsoft.Cdn/profiles").Single()["sku"]!["name"], (string?)waf["sku"]!["name"]);
        Assert.Equal("Standard_AzureFrontDoor", (string?)waf["sku"]!["name"]);
        Assert.Equal("Prevention", (string?)settings["mode"]);
        Assert.Equal("Enabled", (string?)settings["enabledState"]);
        Assert.Null(waf["properties"]!["managedRules"]);
    }

    [Theory]
    [InlineData(false, 60)]
    [InlineData(true, Snapshot.CustomRateLimit)]
    public void Tlsrpt_is_rate_limited_per_client_socket_address_by_the_parameter(bool custom, int threshold)
    {
        var rule = Rule(custom ? Snapshot.Custom : Snapshot.Defaults, "TlsrptRateLimit");

        Assert.Equal("RateLimitRule", (string?)rule["ruleType"]);
        Assert.Equal("Block", (string?)rule["action"]);
        Assert.Equal("Enabled", (string?)rule["enabledState"]);
        Assert.Equal(1, (int)rule["rateLimitDurationInMinutes"]!);
        Assert.Equal(threshold, (int)rule["rateLimitThreshold"]!);
        Assert.Equal(["SocketAddr"], rule["groupBy"]!.AsArray().Select(g => (string?)g!["variableName"]));
        AssertMatchesTlsrptOnly(Assert.Single(rule["matchConditions"]!.AsArray())!);
    }

    [Theory]
    [InlineData(false, 1048576)]
    [InlineData(true, Snapshot.CustomMaxCompressedBytes)]
    public void Tlsrpt_requests_with_a_Content_Length_above_the_app_limit_are_blocked(bool custom, long limit)
    {
        var snapshot = custom ? Snapshot.Custom : Snapshot.Defaults;
        var rule = Rule(snapshot, "TlsrptTooLarge");
        var conditions = rule["matchConditions"]!.AsArray().Select(c => c!).ToList();

        Assert.Equal("MatchRule", (string?)rule["ruleType"]);
        Assert.Equal("Block", (string?)rule["action"]);
        Assert.Equal("Enabled", (string?)rule["enabledState"]);
        Assert.Equal(2, conditions.Count);
        AssertMatchesTlsrptOnly(conditions.Single(c => (string?)c["matchVariable"] == "RequestUri"));

        var size = conditions.Single(c => (string?)c["matchVariable"] == "RequestHeader");
        Assert.Equal("Content-Length", (string?)size["selector"], ignoreCase: true);
        Assert.Equal("RegEx", (string?)size["operator"]);
        Assert.NotEqual(true, (bool?)size["negateCondition"]);
        var patterns = size["matchValue"]!.AsArray().Select(v => (string)v!).ToList();
        foreach (var value in ContentLengths(limit))
        {
            var blocked = patterns.Any(p => Regex.IsMatch(value, p, RegexOptions.None, TimeSpan.FromSeconds(1)));
            Assert.True(blocked == decimal.Parse(value, CultureInfo.InvariantCulture) > limit, $"Content-Length {value}: blocked {blocked}, limit {limit}");
        }

        Assert.Equal(limit.ToString(CultureInfo.InvariantCulture), (string?)AppSettings(snapshot)["Reports__MaxCompressedBytes"]);
    }

    [Fact]
    public void The_size_rule_is_evaluated_before_the_rate_limit_and_priorities_are_unique()
    {
        var rules = Bicep.OfType(WafType).Single()["properties"]!["customRules"]!["rules"]!.AsArray().Select(r => r!).ToList();
        var priorities = rules.Select(r => (int)r["priority"]!).ToList();

        Assert.Equal(priorities.Count, priorities.Distinct().Count());
        Assert.True((int)rules.Single(r => (string?)r["name"] == "TlsrptTooLarge")["priority"]! < (int)rules.Single(r => (string?)r["name"] == "TlsrptRateLimit")["priority"]!);
    }

    [Fact]
    public void A_security_policy_puts_the_WAF_policy_on_every_path_of_the_endpoint()
    {
        var snapshot = Snapshot.Defaults;
        var parameters = Assert.Single(snapshot.OfType("Microsoft.Cdn/profiles/securityPolicies"))["properties"]!["parameters"]!;
        var association = Assert.Single(parameters["associations"]!.AsArray())!;

        Assert.Equal("WebApplicationFirewall", (string?)parameters["type"]);
        Assert.Equal(Snapshot.Id(snapshot.OfType(WafType).Single()), (string?)parameters["wafPolicy"]!["id"]);
        Assert.Equal(
            [Snapshot.Id(snapshot.OfType("Microsoft.Cdn/profiles/afdEndpoints").Single())],
            association["domains"]!.AsArray().Select(d => (string?)d!["id"]));
        Assert.Equal(["/*"], association["patternsToMatch"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public void The_limits_have_parameters_with_the_app_defaults()
    {
        var parameters = Bicep.Template["parameters"]!;

        Assert.Equal(60, (int)parameters["tlsrptRateLimitPerMinute"]!["defaultValue"]!);
        Assert.Equal(1048576, (int)parameters["reportMaxCompressedBytes"]!["defaultValue"]!);
    }

    private static void AssertMatchesTlsrptOnly(JsonNode condition)
    {
        Assert.Equal("RequestUri", (string?)condition["matchVariable"]);
        Assert.Equal("Contains", (string?)condition["operator"]);
        Assert.NotEqual(true, (bool?)condition["negateCondition"]);
        Assert.Equal(["/tlsrpt"], condition["matchValue"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("Lowercase", condition["transforms"]!.AsArray().Select(t => (string?)t));
    }

    private static JsonNode Rule(Snapshot snapshot, string name) =>
        snapshot.OfType(WafType).Single()["properties"]!["customRules"]!["rules"]!.AsArray().Single(r => (string?)r!["name"] == name)!;

    private static JsonObject AppSettings(Snapshot snapshot) =>
        snapshot.Single("Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();

    /// <summary>Values around the limit, each digit position raised and lowered, leading zeros, and a seeded spread.</summary>
    private static IEnumerable<string> ContentLengths(long limit)
    {
        var values = new List<long> { 0, 1, 9, 10, limit - 1, limit, limit + 1, limit + 9, limit * 10, 99_999_999_999 };
        for (var power = 1L; power <= limit * 10; power *= 10)
        {
            values.AddRange([limit - power, limit + power]);
        }

        var random = new Random(8460);
        values.AddRange(Enumerable.Range(0, 2000).Select(_ => random.NextInt64(0, limit * 3)));
        foreach (var value in values.Where(v => v >= 0))
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            yield return text;
            yield return "00" + text;
        }
    }
}
