using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Serving;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Functions.Tests;

/// <summary>Builds the function classes over an in-memory store and runs their results against a real <see cref="DefaultHttpContext"/>.</summary>
public sealed class FunctionHarness
{
    public const string FrontDoorId = "6a1c0f4e-3b7e-4a4e-9d0e-0c3f5f8d2a11";

    public InMemoryTenantStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public TenantAdmin Admin => new(Store, Time, new CustomerRecordPlanner(TestOptions.Serving(), TestOptions.Dns()), TestOptions.Window(), NullLogger<TenantAdmin>.Instance);

    public PolicyRequestHandler PolicyHandler => new(
        new PolicyCache(Store, Time, TestOptions.Policy(), TestOptions.Window(), NullLogger<PolicyCache>.Instance),
        TestOptions.Proxy(FrontDoorId),
        NullLogger<PolicyRequestHandler>.Instance);

    public static HttpRequest Request(string method, string? body = null, string host = "functions.example.net", string? query = null)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Request.Method = method;
        context.Request.Host = new HostString(host);
        context.Request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<Response> ExecuteAsync(IActionResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var body = ((MemoryStream)context.Response.Body).ToArray();
        return new Response(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(body));
    }

    public sealed record Response(int Status, IHeaderDictionary Headers, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }
}
