namespace MtaSts.IntegrationTests.Checks;

/// <summary>Tests that share one <see cref="CheckerLab"/>.</summary>
[CollectionDefinition(Name)]
public sealed class CheckerCollection : ICollectionFixture<CheckerLab>
{
    public const string Name = "Checker lab";
}
