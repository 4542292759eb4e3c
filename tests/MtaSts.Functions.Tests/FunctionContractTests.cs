using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Functions.Admin;

namespace MtaSts.Functions.Tests;

/// <summary>Function names, routes, methods and authorization levels are contracts (DESIGN.md): pin them.</summary>
public sealed class FunctionContractTests
{
    [Theory]
    [InlineData(typeof(ServePolicy), "ServePolicy", ".well-known/mta-sts.txt", null, AuthorizationLevel.Anonymous)]
    [InlineData(typeof(PutTenant), "PutTenant", "api/tenants/{domain}", "put", AuthorizationLevel.Function)]
    [InlineData(typeof(GetTenant), "GetTenant", "api/tenants/{domain}", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(ListTenants), "ListTenants", "api/tenants", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(DeleteTenant), "DeleteTenant", "api/tenants/{domain}", "delete", AuthorizationLevel.Function)]
    [InlineData(typeof(ReceiveTlsReport), "ReceiveTlsReport", "tlsrpt", "post", AuthorizationLevel.Anonymous)]
    [InlineData(typeof(GetReportSummary), "GetReportSummary", "api/tenants/{domain}/reports", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(GetTenantStatus), "GetTenantStatus", "api/tenants/{domain}/status", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(GetTenantReadiness), "GetTenantReadiness", "api/tenants/{domain}/readiness", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(GetTenantAlerts), "GetTenantAlerts", "api/tenants/{domain}/alerts", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(ListAlerts), "ListAlerts", "api/alerts", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(Dashboard.CreateShareLink), "CreateShareLink", "api/tenants/{domain}/share", "post", AuthorizationLevel.Function)]
    [InlineData(typeof(Dashboard.GetSharedTenant), "GetSharedTenant", "api/shared/{domain}", "get", AuthorizationLevel.Anonymous)]
    [InlineData(typeof(Dashboard.GetOverview), "GetOverview", "api/overview", "get", AuthorizationLevel.Function)]
    [InlineData(typeof(Dashboard.ListTenantRows), "ListTenantRows", "api/dashboard/tenants", "get", AuthorizationLevel.Function)]
    public void Http_functions_keep_their_contract(Type type, string name, string route, string? method, AuthorizationLevel level)
    {
        var run = type.GetMethod("Run")!;
        var trigger = run.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal(name, run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(route, trigger.Route);
        Assert.Equal(level, trigger.AuthLevel);
        if (method is null)
        {
            Assert.Null(trigger.Methods);
        }
        else
        {
            Assert.Equal([method], trigger.Methods!);
        }
    }

    [Theory]
    [InlineData(typeof(Dashboard.ServeDashboard), "ServeDashboard", "dashboard/{*path}")]
    [InlineData(typeof(Dashboard.ServeSharedPage), "ServeSharedPage", "shared/{*path}")]
    public void The_dashboard_pages_and_their_files_are_served_to_anyone_with_get_and_head(Type type, string name, string route)
    {
        var run = type.GetMethod("Run")!;
        var trigger = run.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal(name, run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(route, trigger.Route);
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
        Assert.Equal(["get", "head"], trigger.Methods!);
    }

    [Fact]
    public void RotatePolicyIds_runs_on_the_RotationSchedule_setting()
    {
        var run = typeof(RotatePolicyIds).GetMethod("Run")!;
        var trigger = run.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal("RotatePolicyIds", run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%RotationSchedule%", trigger.Schedule);
    }

    [Theory]
    [InlineData(typeof(WatchMx), "WatchMx", "%MxWatchSchedule%")]
    [InlineData(typeof(EvaluateTenants), "EvaluateTenants", "%EvaluationSchedule%")]
    [InlineData(typeof(DeliverAlerts), "DeliverAlerts", "%AlertDeliverySchedule%")]
    public void Watch_and_alert_timers_run_on_their_settings(Type type, string name, string schedule)
    {
        var run = type.GetMethod("Run")!;
        var trigger = run.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal(name, run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(schedule, trigger.Schedule);
    }

    [Fact]
    public void SyncCustomDomains_runs_on_the_CustomDomainSchedule_setting()
    {
        var run = typeof(SyncCustomDomains).GetMethod("Run")!;
        var trigger = run.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal("SyncCustomDomains", run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%CustomDomainSchedule%", trigger.Schedule);
    }

    [Fact]
    public void IngestTlsReport_is_an_Event_Grid_blob_trigger_on_the_inbox()
    {
        var run = typeof(IngestTlsReport).GetMethod("Run")!;
        var trigger = run.GetParameters().Select(p => p.GetCustomAttribute<BlobTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal("IngestTlsReport", run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("tlsrpt-inbox/{name}", trigger.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.Source);
        Assert.Equal("Storage", trigger.Connection);
    }

    [Fact]
    public void Host_json_sets_an_empty_route_prefix()
    {
        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(hostJson));

        Assert.Equal(string.Empty, json.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}
