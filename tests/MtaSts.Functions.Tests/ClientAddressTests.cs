using System.Net;
using MtaSts.Core.Serving;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Tests;

/// <summary>
/// Defect 8 of issue #11: the client address recorded with a report must not be one the client chose. Behind our
/// Front Door (proven by <c>X-Azure-FDID</c>) it is <c>X-Azure-SocketIP</c>, the address Front Door saw; otherwise the
/// connection's. The first <c>X-Forwarded-For</c> entry is whatever the client sent.
/// </summary>
public sealed class ClientAddressTests
{
    private const string FrontDoorId = "7c0e3a52-0d2f-4d39-9a4d-2b7b1f3f6a11";

    private static Microsoft.AspNetCore.Http.HttpRequest Request(string? fdid, string? forwardedFor, string? socketIp)
    {
        var request = FunctionHarness.Request("POST", "{}");
        request.HttpContext.Connection.RemoteIpAddress = IPAddress.Parse("147.243.0.10");
        if (fdid is not null)
        {
            request.Headers["X-Azure-FDID"] = fdid;
        }

        if (forwardedFor is not null)
        {
            request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        if (socketIp is not null)
        {
            request.Headers["X-Azure-SocketIP"] = socketIp;
        }

        return request;
    }

    [Fact]
    public void Behind_front_door_the_socket_ip_counts_not_the_forwarded_chain()
    {
        var request = Request(FrontDoorId, "6.6.6.6, 203.0.113.7", "203.0.113.7");

        Assert.Equal("203.0.113.7", ClientAddress.Of(request, new ProxyOptions { TrustedFrontDoorId = FrontDoorId }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("another-profile")]
    public void Without_our_front_door_id_the_connection_address_counts(string? fdid)
    {
        var request = Request(fdid, "6.6.6.6", "6.6.6.6");

        Assert.Equal("147.243.0.10", ClientAddress.Of(request, new ProxyOptions { TrustedFrontDoorId = FrontDoorId }));
    }

    [Fact]
    public void A_malformed_socket_ip_is_not_recorded_as_given()
    {
        var request = Request(FrontDoorId, null, "not-an-address\r\nX: y");

        Assert.Equal("147.243.0.10", ClientAddress.Of(request, new ProxyOptions { TrustedFrontDoorId = FrontDoorId }));
    }
}
