using Azure;

namespace MtaSts.Functions.Tests;

public sealed class UnexpectedErrorTests
{
    [Fact]
    public async Task Storage_faults_are_503_and_other_errors_500_without_their_message()
    {
        var storage = FunctionHarness.Request("GET");
        await UnexpectedError.WriteAsync(storage.HttpContext, new RequestFailedException(500, "secret account detail"));
        var other = FunctionHarness.Request("GET");
        await UnexpectedError.WriteAsync(other.HttpContext, new InvalidOperationException("secret internal detail"));

        Assert.Equal(503, storage.HttpContext.Response.StatusCode);
        Assert.Equal(500, other.HttpContext.Response.StatusCode);
        foreach (var response in new[] { storage, other })
        {
            var body = System.Text.Encoding.UTF8.GetString(((MemoryStream)response.HttpContext.Response.Body).ToArray());
            Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
            Assert.Contains("trace id", body, StringComparison.Ordinal);
        }
    }
}
