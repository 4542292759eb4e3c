using System.Text.Json;
using MtaSts.Functions.Admin;

namespace MtaSts.Functions.Tests;

public sealed class AdminFunctionTests
{
    private readonly FunctionHarness harness = new();

    private async Task<FunctionHarness.Response> PutAsync(string domain, string body)
    {
        var request = FunctionHarness.Request("PUT", body);
        return await FunctionHarness.ExecuteAsync(await new PutTenant(harness.Admin).Run(request, domain, default), request);
    }

    [Fact]
    public async Task Put_answers_201_then_200_with_policy_state_and_records()
    {
        var created = await PutAsync("example.com", """{"mode":"testing","mx":["mail.example.com"],"maxAge":86400}""");
        var again = await PutAsync("example.com", """{"mode":"testing","mx":["mail.example.com"],"maxAge":86400}""");

        Assert.Equal(201, created.Status);
        Assert.Equal(200, again.Status);
        Assert.StartsWith("application/json", created.Headers.ContentType.ToString(), StringComparison.Ordinal);
        var tenant = created.Json;
        Assert.Equal("example.com", tenant.GetProperty("domain").GetString());
        Assert.Equal("pending-rotation", tenant.GetProperty("state").GetString());
        Assert.Equal("version: STSv1\r\nmode: testing\r\nmx: mail.example.com\r\nmax_age: 86400\r\n", tenant.GetProperty("policy").GetString());
        Assert.Equal(3, tenant.GetProperty("records").GetArrayLength());
        Assert.Equal("mta-sts.example.com", tenant.GetProperty("records")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Invalid_input_is_400_problem_json_listing_every_problem()
    {
        var response = await PutAsync("example.com", """{"mode":"enforce","mx":["*.*.example.com","ok.example.com","a..b"],"maxAge":99999999999}""");

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, response.Json.GetProperty("errors").GetArrayLength());
        Assert.Equal(400, response.Json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var response = await PutAsync("example.com", "{\"mode\":\"" + new string('x', 70_000) + "\"}");

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task Get_list_and_delete()
    {
        await PutAsync("b.example", """{"mode":"none"}""");
        await PutAsync("a.example", """{"mode":"none"}""");

        var getRequest = FunctionHarness.Request("GET");
        var missing = await FunctionHarness.ExecuteAsync(await new GetTenant(harness.Admin).Run(getRequest, "missing.example", default), getRequest);
        Assert.Equal(404, missing.Status);
        Assert.StartsWith("application/problem+json", missing.Headers.ContentType.ToString(), StringComparison.Ordinal);

        var listRequest = FunctionHarness.Request("GET", query: "?pageSize=1");
        var page = await FunctionHarness.ExecuteAsync(await new ListTenants(harness.Admin).Run(listRequest, default), listRequest);
        Assert.Equal(200, page.Status);
        Assert.Equal("a.example", page.Json.GetProperty("tenants")[0].GetProperty("domain").GetString());
        Assert.Equal(JsonValueKind.String, page.Json.GetProperty("continuation").ValueKind);

        var badList = FunctionHarness.Request("GET", query: "?pageSize=-4");
        Assert.Equal(400, (await FunctionHarness.ExecuteAsync(await new ListTenants(harness.Admin).Run(badList, default), badList)).Status);

        var deleteRequest = FunctionHarness.Request("DELETE");
        var deleted = await FunctionHarness.ExecuteAsync(await new DeleteTenant(harness.Admin).Run(deleteRequest, "a.example", default), deleteRequest);
        Assert.Equal(204, deleted.Status);
    }
}
