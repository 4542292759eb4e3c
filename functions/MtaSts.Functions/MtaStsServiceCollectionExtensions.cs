using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Checks;
using MtaSts.Core.Dns;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Reports;
using MtaSts.Core.Serving;
using MtaSts.Core.Storage;
using MtaSts.Core.Telemetry;
using MtaSts.Core.Tenants;

namespace MtaSts.Functions;

/// <summary>
/// Registers everything the functions need, shared by the Functions host (<c>Program.cs</c>) and
/// <c>MtaSts.DevHost</c>. Settings are bound and validated at start-up, with messages that name the setting.
/// </summary>
public static class MtaStsServiceCollectionExtensions
{
    public static IServiceCollection AddMtaSts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MtaStsMetrics>();
        services.AddValidatedOptions<PolicyOptions>(configuration, PolicyOptions.Section, o => o.Validate());
        services.AddValidatedOptions<ProxyOptions>(configuration, ProxyOptions.Section, o => o.Validate());
        services.AddValidatedOptions<ServingOptions>(configuration, ServingOptions.Section, o => o.Validate());
        services.AddValidatedOptions<DnsOptions>(configuration, DnsOptions.Section, o => o.Validate());
        services.AddValidatedOptions<RotationOptions>(configuration, RotationOptions.Section, o => o.Validate());
        services.AddValidatedOptions<ReportOptions>(configuration, ReportOptions.Section, o => o.Validate());
        services.AddValidatedOptions<CheckOptions>(configuration, CheckOptions.Section, o => o.Validate());
        services.AddValidatedOptions<FrontDoorOptions>(configuration, FrontDoorOptions.Section, o => o.Validate());
        services.AddValidatedOptions<MtaSts.Core.Alerts.AlertOptions>(configuration, MtaSts.Core.Alerts.AlertOptions.Section, o => o.Problems());
        services.AddValidatedOptions<MtaSts.Core.Mx.MxOptions>(configuration, MtaSts.Core.Mx.MxOptions.Section, o => o.Problems());
        services.AddValidatedOptions<MtaSts.Core.Readiness.ReadinessOptions>(configuration, MtaSts.Core.Readiness.ReadinessOptions.Section, o => o.Problems());
        services.AddValidatedOptions<MtaSts.Core.Dashboard.DashboardOptions>(configuration, MtaSts.Core.Dashboard.DashboardOptions.Section, o => o.Problems());

        services.AddSingleton(_ => StorageClients.CreateTableServiceClient(configuration));
        services.AddSingleton(_ => StorageClients.CreateBlobServiceClient(configuration));
        services.AddSingleton<ITenantStore>(sp => new TableTenantStore(sp.GetRequiredService<TableServiceClient>(), TableTenantStore.TableName, sp.GetService<Microsoft.Extensions.Logging.ILogger<TableTenantStore>>()));
        services.AddSingleton<PolicyCache>();
        services.AddSingleton<PolicyRequestHandler>();
        services.AddSingleton<CustomerRecordPlanner>();
        services.AddSingleton<TenantAdmin>();
        services.AddSingleton<RotationWindow>();
        services.AddSingleton<PolicyIdRotator>();
        services.AddSingleton(sp => TxtRecordPublishers.Create(sp));
        services.AddSingleton<DkimChecker>();
        services.AddSingleton<ReportInputParser>();
        services.AddSingleton<IReportInputParser>(sp => sp.GetRequiredService<ReportInputParser>());
        services.AddSingleton<ITlsReportStore, TableTlsReportStore>();
        services.AddSingleton<ReportIngestor>();
        services.AddSingleton<InboxProcessor>();
        services.AddSingleton<MtaSts.Core.Alerts.IAlertStore>(sp => new MtaSts.Core.Alerts.TableAlertStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<MtaSts.Core.Alerts.AlertService>();
        services.AddSingleton<MtaSts.Core.Alerts.WebhookSender>();
        services.AddSingleton<MtaSts.Core.Alerts.AlertDispatcher>();
        services.AddSingleton<MtaSts.Core.Alerts.TenantConditions>();
        services.AddSingleton<MtaSts.Core.Alerts.IngestAlerts>();
        services.AddSingleton<IIngestObserver>(sp => sp.GetRequiredService<MtaSts.Core.Alerts.IngestAlerts>());
        services.AddSingleton<MtaSts.Core.Alerts.AlertQueries>();
        services.AddSingleton<MtaSts.Core.Mx.IWatchStore>(sp => new MtaSts.Core.Mx.TableWatchStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<MtaSts.Core.Mx.MxResolver>();
        services.AddSingleton<MtaSts.Core.Mx.MxWatcher>();
        services.AddSingleton<MtaSts.Core.Readiness.ReadinessService>();
        services.AddSingleton<MtaSts.Core.Readiness.TenantEvaluation>();
        services.AddSingleton<InboxSweeper>();
        services.AddSingleton<ReportReceiver>();
        services.AddSingleton<ReportSummaryService>();
        services.AddSingleton<TenantStatusService>();
        services.AddSingleton<IFrontDoorLedger>(sp => new TableFrontDoorLedger(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IFrontDoorClient>(sp => ActivatorUtilities.CreateInstance<FrontDoorClient>(sp, new Azure.Identity.DefaultAzureCredential(), new FrontDoorClientOptions()));
        services.AddSingleton<FrontDoorOnboarding>();
        services.AddSingleton<CustomDomainSync>();
        services.AddSingleton<MtaSts.Core.Dashboard.ShareLinks>();
        services.AddSingleton<MtaSts.Core.Dashboard.SharedTenantService>();
        services.AddSingleton<MtaSts.Core.Dashboard.DashboardTenants>();
        services.AddSingleton<MtaSts.Core.Dashboard.OverviewService>();
        services.AddSingleton<Dashboard.DashboardAssets>();
        return services;
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(validate));
    }

    private sealed class SettingsValidator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = validate(options).ToArray();
            return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
