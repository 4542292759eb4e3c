namespace MtaSts.IntegrationTests.Dashboard;

/// <summary>The dashboard's browser tests share one <see cref="DashboardSite"/> (its own Azurite, DevHost and Chromium).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardSite>
{
    public const string Name = "Dashboard";
}
