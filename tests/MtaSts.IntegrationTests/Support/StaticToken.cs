using Azure.Core;

namespace MtaSts.IntegrationTests.Support;

/// <summary>A bearer token that never expires, for the local ARM stand-ins (they only check that one is sent).</summary>
public sealed class StaticToken : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("test-token", DateTimeOffset.MaxValue);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
}
